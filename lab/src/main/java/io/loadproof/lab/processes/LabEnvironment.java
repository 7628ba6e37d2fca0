package io.loadproof.lab.processes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.embedded.redis.RedisConnections;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.embedded.redis.SentinelTopology;
import io.loadproof.lab.Console;
import io.loadproof.lab.system.SystemUnderTest;
import io.loadproof.model.EnvironmentVariable;
import redis.clients.jedis.Jedis;

/**
 * The whole platform on this machine: a real Redis (the embedded redis-server, or the one of
 * {@code REDIS_URL}), a constrained MongoDB (the lab's stand-in, or the one of {@code MONGO_URI}),
 * one api-service and one writer-service JVM. Each part can be stopped, killed and restarted, for
 * the fault scenarios.
 */
public final class LabEnvironment implements SystemUnderTest, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final LabSettings settings;
    private final String adminToken = UUID.randomUUID().toString();
    private final int apiPort = FreePorts.next();
    private final int writerPort = FreePorts.next();
    private RedisServerProcess embeddedRedis;
    private SentinelTopology sentinel;
    private ConstrainedMongo embeddedMongo;
    private ManagedProcess api;
    private ManagedProcess writer;
    private List<CpuShares.Share> cpuShares = List.of();
    private Optional<String> aofRoom = Optional.empty();

    public LabEnvironment(LabSettings settings) {
        this.settings = settings;
    }

    public LabEnvironment start() {
        startRedis();
        startMongo();
        Console.step("Starting api-service on :" + apiPort);
        api = service("api-service", apiPort, settings.apiJavaOptions()).start();
        startWriter();
        api.awaitHttp200(apiUrl() + "/readyz", READY_TIMEOUT);
        Console.info("api-service ready: " + apiUrl());
        if (settings.cpuShares()) {
            cpuShares = CpuShares.fromManifests(settings.root().resolve("k8s"));
            CpuShares.apply(cpuShares, processes(), settings.runDirectory().resolve("logs/renice.log"));
            Console.info("CPU shares of the manifests applied: " + PlatformDescription.shares(cpuShares));
        }
        return this;
    }

    /**
     * Every acknowledged entry is fsync'd before its 200: appendfsync always, as the manifests run
     * Redis; maxmemory gives the API's refusal by memory its limit.
     */
    private void startRedis() {
        if (settings.redisUrl().isPresent()) {
            Console.step("Using Redis at " + PlatformDescription.redact(settings.redisUrl().get()));
            return;
        }
        if (settings.redisSentinel()) {
            startSentinel();
            return;
        }
        Console.step("Starting redis-server (embedded binary, append-only file, appendfsync always, maxmemory "
                + settings.redisMaxmemory() + ")");
        embeddedRedis = RedisServerProcess.builder()
                .appendOnly(true)
                .appendFsync("always")
                .dataDirectory(settings.runDirectory().resolve("redis-data"))
                .arguments(List.of("--maxmemory", settings.redisMaxmemory()))
                .build()
                .start();
        Console.info("redis-server ready on 127.0.0.1:" + embeddedRedis.port());
        aofRoom = Optional.of(AofRoom.check(embeddedRedis));
    }

    /** The same settings on both nodes; the services find the primary through the Sentinels. */
    private void startSentinel() {
        Console.step("Starting a Redis primary, its replica and three Sentinels (embedded binary, append-only "
                + "files, appendfsync always, maxmemory " + settings.redisMaxmemory() + ")");
        sentinel = SentinelTopology.start(settings.redisPassword().orElse(null),
                settings.runDirectory().resolve("redis-data"), List.of("--maxmemory", settings.redisMaxmemory()));
        Console.info("Sentinels ready: " + PlatformDescription.redact(sentinel.sentinelUrls()) + ", primary on 127.0.0.1:"
                + sentinel.primaryPort());
        aofRoom = Optional.of(AofRoom.check(sentinel.primary()));
    }

    private void startMongo() {
        if (settings.mongoUri().isPresent()) {
            Console.step("Using MongoDB at " + PlatformDescription.redact(settings.mongoUri().get()));
            return;
        }
        int documents = settings.mongoDocsPerSecond();
        Console.step("Starting the constrained MongoDB (wire-protocol server, at most " + settings.mongoIops()
                + " commands/s" + (documents > 0 ? ", " + documents + " documents/s while the load runs" : "")
                + ", payloads kept as digests)");
        embeddedMongo = new ConstrainedMongo(settings.mongoIops(), documents, settings.mongoJavaOptions(),
                settings.runDirectory().resolve("logs/mongo-wire-server.log")).start(READY_TIMEOUT);
        Console.info("MongoDB ready: " + embeddedMongo.connectionString());
    }

    /** Starts a writer-service process (again, after a stop or a kill). */
    public void startWriter() {
        Console.step("Starting writer-service on :" + writerPort + (writer != null ? " (again)" : ""));
        writer = service("writer-service", writerPort, settings.writerJavaOptions()).start();
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

    public int stopApi() {
        return api.stop(STOP_GRACE);
    }

    public void startApi() {
        api = service("api-service", apiPort, settings.apiJavaOptions()).start();
        api.awaitHttp200(apiUrl() + "/readyz", READY_TIMEOUT);
    }

    public Optional<ConstrainedMongo> embeddedMongo() {
        return Optional.ofNullable(embeddedMongo);
    }

    /** The embedded Redis, or with Sentinels the node that is the primary now. */
    public Optional<RedisServerProcess> embeddedRedis() {
        return sentinel != null ? Optional.of(sentinel.primary()) : Optional.ofNullable(embeddedRedis);
    }

    public Optional<SentinelTopology> sentinel() {
        return Optional.ofNullable(sentinel);
    }

    @Override
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
        if (sentinel != null) {
            sentinel.nodes().stream().filter(RedisServerProcess::isRunning)
                    .forEach(node -> processes.put("redis-server :" + node.port(), node.pid()));
        }
        if (embeddedMongo != null) {
            processes.put("mongo-wire-server", embeddedMongo.pid());
        }
        processes.put("lab JVM (orchestrator, sampler)", ProcessHandle.current().pid());
        return processes;
    }

    @Override
    public List<String> description() {
        return new PlatformDescription(settings, this::connectRedis, embeddedMongo != null, cpuShares, aofRoom).lines();
    }

    @Override
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public String writerUrl() {
        return "http://127.0.0.1:" + writerPort;
    }

    @Override
    public Optional<String> apiMetricsUrl() {
        return Optional.of(apiUrl() + "/q/metrics");
    }

    @Override
    public Optional<String> writerMetricsUrl() {
        return Optional.of(writerUrl() + "/q/metrics");
    }

    @Override
    public Optional<Supplier<Jedis>> redis() {
        return Optional.of(this::connectRedis);
    }

    @Override
    public Optional<String> mongoUri() {
        return Optional.of(settings.mongoUri().orElseGet(() -> embeddedMongo.connectionString()));
    }

    @Override
    public boolean mongoIsLabStandIn() {
        return embeddedMongo != null;
    }

    @Override
    public long mongoCommandsIn(long epochSecond) {
        return embeddedMongo == null ? -1 : embeddedMongo.commandsIn(epochSecond);
    }

    @Override
    public int mongoCeiling() {
        return embeddedMongo == null ? 0 : settings.mongoIops();
    }

    /** A slow MongoDB catches up once the load is over: the backlog drains at the command ceiling. */
    @Override
    public void afterLoad() {
        if (embeddedMongo != null && settings.mongoDocsPerSecond() > 0) {
            embeddedMongo.liftDocumentLimit();
            Console.step("Load over: MongoDB's limit of " + settings.mongoDocsPerSecond() + " documents/s lifted, "
                    + "as if the node caught up, so that the backlog drains");
        }
    }

    @Override
    public void beforeAudit() {
        if (embeddedMongo != null) {
            embeddedMongo.liftCeiling();
        }
    }

    /** A connection to the primary: the embedded Redis, {@code REDIS_URL}'s, or the one the Sentinels name now. */
    public Jedis connectRedis() {
        if (sentinel != null) {
            return sentinel.primary().connect();
        }
        return RedisConnections.connect(redisUrl(), settings.redisPassword().orElse(null));
    }

    /** What the services get as {@code REDIS_URL}: with Sentinels, theirs. */
    private String redisUrl() {
        if (sentinel != null) {
            return sentinel.sentinelUrls();
        }
        return settings.redisUrl().orElseGet(() -> embeddedRedis.url());
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(Arrays.asList(writer, api, embeddedMongo,
                embeddedRedis == null ? null : embeddedRedis::stop, sentinel));
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                Console.warn("stopping " + part + " failed: " + e);
            }
        }
    }

    private ManagedProcess service(String name, int port, String javaOptions) {
        List<String> arguments = new ArrayList<>(Arrays.asList(javaOptions.trim().split("\\s+")));
        arguments.addAll(List.of("-jar", settings.serviceJar(name).toString()));
        Map<String, String> environment = new HashMap<>(settings.serviceEnvironment());
        environment.put(EnvironmentVariable.PORT.name(), String.valueOf(port));
        environment.put(EnvironmentVariable.REDIS_URL.name(), redisUrl());
        environment.put(EnvironmentVariable.MONGO_URI.name(), mongoUri().orElseThrow());
        environment.put(EnvironmentVariable.ADMIN_TOKEN.name(), adminToken);
        settings.redisPassword().ifPresent(password -> environment.put(EnvironmentVariable.REDIS_PASSWORD.name(), password));
        if (sentinel != null) {
            environment.put(EnvironmentVariable.REDIS_CLIENT_TYPE.name(), "sentinel");
            environment.put(EnvironmentVariable.REDIS_MASTER_NAME.name(), SentinelTopology.MASTER_NAME);
            environment.putIfAbsent(EnvironmentVariable.REDIS_MIN_REPLICAS.name(), "1");
        }
        return new ManagedProcess(name, ManagedProcess.javaCommand(arguments), environment,
                settings.runDirectory().resolve("logs").resolve(name + ".log"));
    }
}
