package io.loadproof.lab.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loadproof.embedded.process.ManagedProcess;

/** The manifests' CPU requests become nice values: the largest share at 0, one level per 1.25x less. */
class CpuSharesTest {

    @Test
    void requestsTimesReplicasOfEachDeploymentBecomeNiceValues(@TempDir Path k8s) throws Exception {
        Files.createDirectories(k8s.resolve("api"));
        Files.writeString(k8s.resolve("api/deployment.yaml"), deployment("api-service", 10, "100m")
                + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api-service\n");
        Files.writeString(k8s.resolve("redis.yaml"), deployment("redis", 1, "0.5"));
        Files.writeString(k8s.resolve("mongo.yaml"), deployment("mongo", 1, "250m"));
        Files.writeString(k8s.resolve("writer.yaml"), deployment("writer-service", 1, "200m"));

        assertThat(CpuShares.fromManifests(k8s)).containsExactly(
                new CpuShares.Share("api-service", "api-service", 1000, 0),
                new CpuShares.Share("redis-server", "redis", 500, 3),
                new CpuShares.Share("mongo-wire-server", "mongo", 250, 6),
                new CpuShares.Share("writer-service", "writer-service", 200, 7));
    }

    @Test
    void theProjectsManifestsGiveEveryPartAShare() {
        assertThat(CpuShares.fromManifests(Path.of("..", "k8s"))).extracting(CpuShares.Share::process)
                .containsExactlyInAnyOrder("api-service", "writer-service", "redis-server", "mongo-wire-server");
    }

    @Test
    void everyThreadOfAProcessGetsItsNiceValue(@TempDir Path logs) throws Exception {
        try (ManagedProcess java = new ManagedProcess("sleeper", ManagedProcess.javaCommand(List.of("-Xmx32m", "-cp",
                System.getProperty("java.class.path"), Sleeper.class.getName())), Map.of(), logs.resolve("sleeper.log"))
                .start()) {
            java.await("running", Duration.ofSeconds(30), () -> threadCount(java.pid()) > 5);

            CpuShares.apply(List.of(new CpuShares.Share("writer-service", "writer-service", 200, 7)),
                    Map.of("writer-service", java.pid()), logs.resolve("renice.log"));

            try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(java.pid()), "task"))) {
                assertThat(threads.map(CpuShares::niceOf)).isNotEmpty().containsOnly(7);
            }
        }
    }

    /** A JVM that only waits, to be reniced. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    private static long threadCount(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return threads.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String deployment(String name, int replicas, String cpu) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: %d
                  template:
                    spec:
                      containers:
                        - name: main
                          resources:
                            requests:
                              cpu: %s
                """.formatted(name, replicas, cpu);
    }
}
