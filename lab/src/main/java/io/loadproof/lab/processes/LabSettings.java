package io.loadproof.lab.processes;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.loadproof.model.EnvironmentVariable;

/**
 * How the lab runs the platform on this machine, from the environment.
 *
 * @param redisUrl           an external Redis, or empty for the embedded one
 * @param mongoUri           an external MongoDB, or empty for the lab's stand-in
 * @param cpuShares          give the processes the CPU shares of the Kubernetes manifests ({@code LAB_CPU_SHARES=k8s})
 * @param serviceEnvironment more variables for both services (a fault scenario's)
 */
public record LabSettings(Path root, Path runDirectory, Optional<String> redisUrl, Optional<String> redisPassword,
        Optional<String> mongoUri, int mongoIops, String mongoJavaOptions, String apiJavaOptions,
        String writerJavaOptions, boolean cpuShares, Map<String, String> serviceEnvironment) {

    /**
     * The stand-in keeps about 150 bytes of heap per document (CompactMemoryBackendTest): the
     * 13-minute profile's 25 million documents need under 4 GB, 8 GB leave the collector room.
     */
    static final String MONGO_JAVA_OPTIONS = "-Xms1g -Xmx8g -XX:+UseG1GC";
    static final String SERVICE_JAVA_OPTIONS = "-Xms512m -Xmx1g -XX:+UseParallelGC";

    public static LabSettings fromEnvironment(Map<String, String> env, Path root, Path runDirectory) {
        return new LabSettings(root, runDirectory, nonBlank(env, EnvironmentVariable.REDIS_URL.name()),
                nonBlank(env, EnvironmentVariable.REDIS_PASSWORD.name()), nonBlank(env, EnvironmentVariable.MONGO_URI.name()),
                Integer.parseInt(env.getOrDefault("MONGO_IOPS", "100")),
                env.getOrDefault("MONGO_JAVA_OPTS", MONGO_JAVA_OPTIONS),
                env.getOrDefault("API_JAVA_OPTS", SERVICE_JAVA_OPTIONS),
                env.getOrDefault("WRITER_JAVA_OPTS", SERVICE_JAVA_OPTIONS),
                "k8s".equals(env.get("LAB_CPU_SHARES")), Map.of());
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    public LabSettings withServiceEnvironment(Map<String, String> environment) {
        return new LabSettings(root, runDirectory, redisUrl, redisPassword, mongoUri, mongoIops, mongoJavaOptions,
                apiJavaOptions, writerJavaOptions, cpuShares, environment);
    }

    public LabSettings withRunDirectory(Path directory) {
        return new LabSettings(root, directory, redisUrl, redisPassword, mongoUri, mongoIops, mongoJavaOptions,
                apiJavaOptions, writerJavaOptions, cpuShares, serviceEnvironment);
    }

    public boolean usesExternalServers() {
        return redisUrl.isPresent() || mongoUri.isPresent();
    }

    public Path serviceJar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
