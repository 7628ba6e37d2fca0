package io.loadproof.lab.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.loadproof.embedded.FreePorts;
import io.loadproof.embedded.ManagedProcess;
import io.loadproof.embedded.RedisServerProcess;
import io.loadproof.embedded.RespClient;
import io.loadproof.model.EnvironmentNames;

/**
 * The whole platform on this machine: a real Redis (the embedded redis-server, or the one of
 * {@code REDIS_URL}), a constrained MongoDB (a wire-protocol server admitting at most
 * {@code MONGO_IOPS} commands a second, or the one of {@code MONGO_URI}), one api-service and one
 * writer-service JVM. Each part can be stopped, killed and restarted, for the fault scenarios.
 */
public final class LabEnvironment implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Settings settings;
    private final String adminToken = UUID.randomUUID().toString();
    private RedisServerProcess embeddedRedis;
    private ConstrainedMongo embeddedMongo;
    private ManagedProcess api;
    private ManagedProcess writer;
    private final int apiPort = FreePorts.next();
    private final int writerPort = FreePorts.next();
    private int writerGeneration;

    /**
     * @param redisUrl an external Redis, or empty for the embedded one
     * @param mongoUri an external MongoDB, or empty for the embedded constrained one
     */
    public record Settings(Path root, Path runDirectory, Optional<String> redisUrl, Optional<String> redisPassword,
            Optional<String> mongoUri, int mongoIops, String mongoJavaOptions, String apiJavaOptions,
            String writerJavaOptions, Map<String, String> serviceEnvironment) {

        public static Settings fromEnvironment(Path root, Path runDirectory) {
            Map<String, String> env = System.getenv();
            return new Settings(root, runDirectory,
                    Optional.ofNullable(env.get(EnvironmentNames.REDIS_URL)).filter(value -> !value.isBlank()),
                    Optional.ofNullable(env.get(EnvironmentNames.REDIS_PASSWORD)).filter(value -> !value.isBlank()),
                    Optional.ofNullable(env.get(EnvironmentNames.MONGO_URI)).filter(value -> !value.isBlank()),
                    Integer.parseInt(env.getOrDefault("MONGO_IOPS", "100")),
                    // every document stays in this JVM's heap: about 1.1 KB each
                    env.getOrDefault("MONGO_JAVA_OPTS", "-Xms2g -Xmx16g -XX:+UseG1GC"),
                    env.getOrDefault("API_JAVA_OPTS", "-Xms512m -Xmx1g -XX:+UseParallelGC"),
                    env.getOrDefault("WRITER_JAVA_OPTS", "-Xms512m -Xmx1g -XX:+UseParallelGC"),
                    Map.of());
        }

        public Settings withServiceEnvironment(Map<String, String> environment) {
            return new Settings(root, runDirectory, redisUrl, redisPassword, mongoUri, mongoIops, mongoJavaOptions,
                    apiJavaOptions, writerJavaOptions, environment);
        }
    }

    public LabEnvironment(Settings settings) {
        this.settings = settings;
    }

    public LabEnvironment start() {
        startRedis();
        startMongo();
        Console.step("Starting api-service on :" + apiPort);
        api = service("api-service", apiPort, settings.apiJavaOptions(), "api-service.log").start();
        startWriter();
        api.awaitHttp200(apiUrl() + "/readyz", READY_TIMEOUT);
        Console.info("api-service ready: " + apiUrl());
        return this;
    }

    private void startRedis() {
        if (settings.redisUrl().isPresent()) {
            Console.step("Using Redis at " + redact(settings.redisUrl().get()));
            return;
        }
        Console.step("Starting redis-server (embedded binary, append-only file on)");
        embeddedRedis = RedisServerProcess.builder()
                .appendOnly(true)
                .dataDirectory(settings.runDirectory().resolve("redis-data"))
                .build()
                .start();
        Console.info("redis-server ready on 127.0.0.1:" + embeddedRedis.port());
    }

    private void startMongo() {
        if (settings.mongoUri().isPresent()) {
            Console.step("Using MongoDB at " + redact(settings.mongoUri().get()));
            return;
        }
        Console.step("Starting the constrained MongoDB (wire-protocol server, at most " + settings.mongoIops()
                + " commands/s)");
        embeddedMongo = new ConstrainedMongo(settings.mongoIops(), settings.mongoJavaOptions(),
                settings.runDirectory().resolve("logs/mongo-wire-server.log")).start(READY_TIMEOUT);
        Console.info("MongoDB ready: " + embeddedMongo.connectionString());
    }

    /** Starts a writer-service process (again, after a stop or a kill). */
    public void startWriter() {
        writerGeneration++;
        Console.step("Starting writer-service on :" + writerPort + (writerGeneration > 1 ? " (again)" : ""));
        writer = service("writer-service", writerPort, settings.writerJavaOptions(), "writer-service.log").start();
        writer.awaitHttp200(writerUrl() + "/q/health/live", READY_TIMEOUT);
        Console.info("writer-service running: " + writerUrl());
    }

    public void killWriter() {
        writer.kill();
    }

    /** SIGTERM and wait; returns the exit code. */
    public int stopWriter() {
        return writer.stop(STOP_GRACE);
    }

    public void killApi() {
        api.kill();
    }

    public int stopApi() {
        return api.stop(STOP_GRACE);
    }

    public void startApi() {
        api = service("api-service", apiPort, settings.apiJavaOptions(), "api-service.log").start();
        api.awaitHttp200(apiUrl() + "/readyz", READY_TIMEOUT);
    }

    public Optional<ConstrainedMongo> embeddedMongo() {
        return Optional.ofNullable(embeddedMongo);
    }

    public Optional<RedisServerProcess> embeddedRedis() {
        return Optional.ofNullable(embeddedRedis);
    }

    /** The processes of the platform by name, for CPU accounting; the embedded MongoDB lives in this JVM. */
    public Map<String, Long> processes() {
        Map<String, Long> processes = new LinkedHashMap<>();
        if (api != null && api.isAlive()) {
            processes.put("api-service", api.pid());
        }
        if (writer != null && writer.isAlive()) {
            processes.put("writer-service", writer.pid());
        }
        if (embeddedRedis != null && embeddedRedis.isRunning()) {
            processes.put("redis-server", embeddedRedis.pid());
        }
        if (embeddedMongo != null) {
            processes.put("mongo-wire-server", embeddedMongo.pid());
        }
        processes.put("lab JVM (orchestrator, sampler)", ProcessHandle.current().pid());
        return processes;
    }

    public int mongoIops() {
        return settings.mongoIops();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public String writerUrl() {
        return "http://127.0.0.1:" + writerPort;
    }

    public String redisUrl() {
        return settings.redisUrl().orElseGet(() -> embeddedRedis.url());
    }

    public String mongoUri() {
        return settings.mongoUri().orElseGet(() -> embeddedMongo.connectionString());
    }

    public String adminToken() {
        return adminToken;
    }

    public RespClient redis() {
        return RespClient.connect(redisUrl(), settings.redisPassword().orElse(null));
    }

    public Path runDirectory() {
        return settings.runDirectory();
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(writer);
        parts.add(api);
        parts.add(embeddedMongo);
        parts.add(embeddedRedis == null ? null : embeddedRedis::stop);
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                Console.warn("stopping " + part + " failed: " + e);
            }
        }
    }

    private ManagedProcess service(String name, int port, String javaOptions, String logName) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(javaOptions.trim().split("\\s+")));
        command.add("-jar");
        command.add(settings.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar").toString());
        Map<String, String> environment = new HashMap<>(settings.serviceEnvironment());
        environment.put(EnvironmentNames.PORT, String.valueOf(port));
        environment.put(EnvironmentNames.REDIS_URL, redisUrl());
        environment.put(EnvironmentNames.MONGO_URI, mongoUri());
        environment.put(EnvironmentNames.ADMIN_TOKEN, adminToken);
        settings.redisPassword().ifPresent(password -> environment.put(EnvironmentNames.REDIS_PASSWORD, password));
        return new ManagedProcess(name, command, environment, settings.runDirectory().resolve("logs").resolve(logName));
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
