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
 * @param redisMaxmemory     the embedded Redis' maxmemory, in Redis' units ({@code LAB_REDIS_MAXMEMORY})
 * @param mongoDocsPerSecond the stand-in's documents stored a second while the load runs, 0 for no limit
 *                           ({@code lab.sh --mongo-docs-per-second})
 * @param redisSentinel      the embedded Redis as a primary, a replica and three Sentinels ({@code lab.sh --redis sentinel})
 */
public record LabSettings(Path root, Path runDirectory, Optional<String> redisUrl, Optional<String> redisPassword,
        Optional<String> mongoUri, int mongoIops, String mongoJavaOptions, String apiJavaOptions,
        String writerJavaOptions, boolean cpuShares, Map<String, String> serviceEnvironment, String redisMaxmemory,
        int mongoDocsPerSecond, boolean redisSentinel) {

    /**
     * The stand-in keeps about 150 bytes of heap per document (CompactMemoryBackendTest). The
     * 13-minute profile stored 47.9 million documents here (12,300 requests/s on average), which
     * filled 94% of an 8 GB heap's 7 GB old generation and cost one full collection of 8.1 s: 12 GB
     * leave room for a faster run. Every stored document lives to the end, so it goes to the old
     * generation at its first collection (tenuring threshold 0) instead of being copied from
     * survivor to survivor: in a 10,000-user run the stand-in's pauses fell from 26.5 s (G1,
     * default tenuring) to 6.3-7.2 s. The heap is committed as it is used, not at start.
     */
    static final String MONGO_JAVA_OPTIONS = "-Xms12g -Xmx12g -Xmn1g -XX:+UseParallelGC -XX:MaxTenuringThreshold=0";
    /**
     * The writer's heap. The API's young generation is larger: 10,000 open connections keep about
     * 100 MB alive across young collections, and with the default young size the API collected
     * every 1.3 s for 60-100 ms (14 s of pauses in a 10,000-user run, 4.3 s with -Xmn1g).
     */
    static final String SERVICE_JAVA_OPTIONS = "-Xms512m -Xmx1g -XX:+UseParallelGC";
    static final String API_JAVA_OPTIONS = "-Xms1536m -Xmx1536m -Xmn1g -XX:+UseParallelGC";

    /**
     * The embedded Redis' maxmemory unless {@code LAB_REDIS_MAXMEMORY} gives one: the limit of the
     * API's refusal by memory (at maxmemory minus QUEUE_MEMORY_RESERVE, 256 MiB by default). Sized
     * for the full profile with MongoDB at 5,000 documents/s: it drains 1,000 of the run's 10-16
     * million requests a second, so nearly all of them are queued at the end, at about 170 bytes
     * each (167 measured, RedisSizingTest): 16 million take 2.5 GiB, the reserve 0.25 GiB more. On
     * this 24 GB machine the stand-in takes up to 12 GB and the services and Gatling 4.5 GB.
     */
    static final String LAB_REDIS_MAXMEMORY = "3gb";

    public static LabSettings fromEnvironment(Map<String, String> env, Path root, Path runDirectory) {
        return new LabSettings(root, runDirectory, nonBlank(env, EnvironmentVariable.REDIS_URL.name()),
                nonBlank(env, EnvironmentVariable.REDIS_PASSWORD.name()), nonBlank(env, EnvironmentVariable.MONGO_URI.name()),
                Integer.parseInt(env.getOrDefault("MONGO_IOPS", "100")),
                env.getOrDefault("MONGO_JAVA_OPTS", MONGO_JAVA_OPTIONS),
                env.getOrDefault("API_JAVA_OPTS", API_JAVA_OPTIONS),
                env.getOrDefault("WRITER_JAVA_OPTS", SERVICE_JAVA_OPTIONS),
                "k8s".equals(env.get("LAB_CPU_SHARES")), queueCap(env),
                nonBlank(env, "LAB_REDIS_MAXMEMORY").orElse(LAB_REDIS_MAXMEMORY), 0, false);
    }

    /** The API has no entry cap by default (it refuses by Redis memory); MAX_QUEUE_SIZE adds one. */
    private static Map<String, String> queueCap(Map<String, String> env) {
        String name = EnvironmentVariable.MAX_QUEUE_SIZE.name();
        return nonBlank(env, name).map(cap -> Map.of(name, cap)).orElse(Map.of());
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    public LabSettings withServiceEnvironment(Map<String, String> environment) {
        return new LabSettings(root, runDirectory, redisUrl, redisPassword, mongoUri, mongoIops, mongoJavaOptions,
                apiJavaOptions, writerJavaOptions, cpuShares, environment, redisMaxmemory, mongoDocsPerSecond, redisSentinel);
    }

    public LabSettings withRunDirectory(Path directory) {
        return new LabSettings(root, directory, redisUrl, redisPassword, mongoUri, mongoIops, mongoJavaOptions,
                apiJavaOptions, writerJavaOptions, cpuShares, serviceEnvironment, redisMaxmemory, mongoDocsPerSecond,
                redisSentinel);
    }

    /** @param documentsPerSecond 0 for no limit */
    public LabSettings withMongoDocsPerSecond(int documentsPerSecond) {
        return new LabSettings(root, runDirectory, redisUrl, redisPassword, mongoUri, mongoIops, mongoJavaOptions,
                apiJavaOptions, writerJavaOptions, cpuShares, serviceEnvironment, redisMaxmemory, documentsPerSecond,
                redisSentinel);
    }

    public LabSettings withRedisSentinel(boolean sentinel) {
        return new LabSettings(root, runDirectory, redisUrl, redisPassword, mongoUri, mongoIops, mongoJavaOptions,
                apiJavaOptions, writerJavaOptions, cpuShares, serviceEnvironment, redisMaxmemory, mongoDocsPerSecond,
                sentinel);
    }

    public boolean usesExternalServers() {
        return redisUrl.isPresent() || mongoUri.isPresent();
    }

    public Path serviceJar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
