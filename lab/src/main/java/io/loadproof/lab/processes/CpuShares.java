package io.loadproof.lab.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.lab.Console;

/**
 * The CPU shares the Kubernetes manifests give the parts of the platform (CPU request x replicas
 * of each Deployment, what the kernel weighs containers by when CPU is scarce), applied to the
 * lab's processes as nice values: the largest share runs at nice 0, each step of 1.25x less
 * weight one nice level more (the kernel's weight per nice level). The load generator and the
 * lab itself are not in the cluster and keep nice 0.
 */
public final class CpuShares {

    /** The kernel's CPU weight falls by this factor per nice level. */
    private static final double WEIGHT_PER_NICE_LEVEL = 1.25;

    /** A lab process, the Deployment it stands for, that Deployment's CPU requests in total and the nice value it gets. */
    public record Share(String process, String deployment, int millicores, int nice) {
    }

    /** Lab process -> the start of the name of the Deployment it stands for. */
    private static final Map<String, String> DEPLOYMENTS = Map.of("api-service", "api-service",
            "writer-service", "writer-service", "redis-server", "redis", "mongo-wire-server", "mongo");

    private CpuShares() {
    }

    /** The shares of the Deployments in the manifests under {@code k8sDirectory}, largest first. */
    public static List<Share> fromManifests(Path k8sDirectory) {
        Map<String, Integer> requests = deploymentRequests(k8sDirectory);
        List<Share> found = new ArrayList<>();
        DEPLOYMENTS.forEach((process, deployment) -> requests.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(deployment)).findFirst()
                .ifPresent(entry -> found.add(new Share(process, entry.getKey(), entry.getValue(), 0))));
        int largest = found.stream().mapToInt(Share::millicores).max().orElse(1);
        return found.stream()
                .map(share -> new Share(share.process(), share.deployment(), share.millicores(),
                        niceFor(largest, share.millicores())))
                .sorted(Comparator.comparingInt(Share::millicores).reversed())
                .toList();
    }

    static int niceFor(int largestMillicores, int millicores) {
        double levels = Math.log((double) largestMillicores / millicores) / Math.log(WEIGHT_PER_NICE_LEVEL);
        return (int) Math.max(0, Math.min(19, Math.round(levels)));
    }

    /**
     * Sets the nice value of every thread of each process (a nice value belongs to a thread);
     * threads started later inherit their creator's.
     */
    public static void apply(List<Share> shares, Map<String, Long> pids, Path log) {
        for (Share share : shares) {
            Long pid = pids.get(share.process());
            if (pid != null && share.nice() > 0) {
                renice(pid, share.nice(), log);
            }
        }
    }

    /** Again until every thread has it: a thread started meanwhile by one not yet reniced has its creator's. */
    private static void renice(long pid, int nice, Path log) {
        try {
            List<String> threads = threadsWithOtherNice(pid, nice);
            for (int round = 0; round < 10 && !threads.isEmpty(); round++) {
                List<String> command = new ArrayList<>(List.of("renice", "--priority", String.valueOf(nice), "-p"));
                command.addAll(threads);
                // a thread that ended meanwhile fails the command; the next round looks again
                new ManagedProcess("renice", command, Map.of(), log).start().waitFor();
                threads = threadsWithOtherNice(pid, nice);
            }
            if (!threads.isEmpty()) {
                Console.warn(threads.size() + " threads of process " + pid + " kept another nice value; see " + log);
            }
        } catch (IOException e) {
            Console.warn("cannot renice process " + pid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Threads that ended while they were listed do not count. */
    private static List<String> threadsWithOtherNice(long pid, int nice) throws IOException {
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return threads.filter(thread -> {
                try {
                    return niceOf(thread) != nice;
                } catch (UncheckedIOException ended) {
                    return false;
                }
            }).map(thread -> thread.getFileName().toString()).toList();
        }
    }

    /** A thread's nice value: field 19 of its stat, the 17th after the command's closing parenthesis. */
    static int niceOf(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> deploymentRequests(Path k8sDirectory) {
        Map<String, Integer> requests = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(k8sDirectory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                for (JsonNode manifest : readAll(file)) {
                    if (manifest.path("kind").asText().equals("Deployment")) {
                        requests.put(manifest.path("metadata").path("name").asText(), totalMillicores(manifest));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifests in " + k8sDirectory, e);
        }
        return requests;
    }

    private static List<JsonNode> readAll(Path file) throws IOException {
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll();
        }
    }

    private static int totalMillicores(JsonNode deployment) {
        int perPod = 0;
        for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
            perPod += millicores(container.path("resources").path("requests").path("cpu").asText("0"));
        }
        return deployment.path("spec").path("replicas").asInt(1) * perPod;
    }

    /** A Kubernetes CPU quantity: {@code 250m}, {@code 1}, {@code 0.5}. */
    static int millicores(String quantity) {
        return quantity.endsWith("m") ? Integer.parseInt(quantity.substring(0, quantity.length() - 1))
                : (int) Math.round(Double.parseDouble(quantity) * 1000);
    }
}
