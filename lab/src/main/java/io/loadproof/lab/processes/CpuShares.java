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

    /** Sets the nice value of every thread of each process; threads started later inherit it. */
    public static void apply(List<Share> shares, Map<String, Long> pids) {
        for (Share share : shares) {
            Long pid = pids.get(share.process());
            if (pid != null && share.nice() > 0) {
                renice(pid, share.nice());
            }
        }
    }

    private static void renice(long pid, int nice) {
        List<String> command = new ArrayList<>(List.of("renice", "--priority", String.valueOf(nice), "-p"));
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            threads.map(thread -> thread.getFileName().toString()).forEach(command::add);
            Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes());
            if (renice.waitFor() != 0) {
                Console.warn("renice of process " + pid + " failed: " + output.trim());
            }
        } catch (IOException e) {
            Console.warn("cannot renice process " + pid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
