package io.loadproof.model;

import java.util.Arrays;
import java.util.List;

/**
 * The environment variables each service reads (the names of the original contract where it had
 * them), each with the services that read it. Each service's {@code application.properties} maps
 * them onto its configuration; the Kubernetes manifests and the lab set only these, which the
 * deployment tests check.
 */
public enum EnvironmentVariable {

    /**
     * {@code redis://host:port}; the password may be given inline or by {@link #REDIS_PASSWORD}. With
     * {@link #REDIS_CLIENT_TYPE} {@code sentinel}, the sentinels' URLs, comma separated.
     */
    REDIS_URL(Reader.BOTH),
    REDIS_PASSWORD(Reader.BOTH),
    /** {@code standalone} (the default) or {@code sentinel}. */
    REDIS_CLIENT_TYPE(Reader.BOTH),
    /** The name the sentinels know the primary by ({@code mymaster} by default); unused standalone. */
    REDIS_MASTER_NAME(Reader.BOTH),
    /** A MongoDB connection string. */
    MONGO_URI(Reader.BOTH),
    /** The HTTP port of the service. */
    PORT(Reader.BOTH),

    /** Room kept below Redis' maxmemory; the API refuses writes once used memory reaches the rest. */
    QUEUE_MEMORY_RESERVE(Reader.API_SERVICE),
    /** An optional cap in unwritten requests; unset, Redis' memory alone bounds the queue. */
    MAX_QUEUE_SIZE(Reader.API_SERVICE),
    LOCAL_CACHE_TTL_MS(Reader.API_SERVICE),
    ENQUEUE_TIMEOUT_MS(Reader.API_SERVICE),
    STATS_MAX_AGE_MS(Reader.API_SERVICE),
    ADMIN_TOKEN(Reader.API_SERVICE),
    /** How long a stopping pod keeps serving while /readyz says no, so the ingress drops it first. */
    SHUTDOWN_DELAY(Reader.API_SERVICE),
    /** Replicas that must acknowledge a batch of entries before its requests get a 200; 0 waits for none. */
    REDIS_MIN_REPLICAS(Reader.API_SERVICE),
    /** Longest wait for those acknowledgements before the batch's requests get a 503. */
    REDIS_WAIT_TIMEOUT_MS(Reader.API_SERVICE),

    /** Seconds the read cache key lives in Redis; the writer sets it with each refresh. */
    CACHE_TTL(Reader.WRITER_SERVICE),

    WRITE_WORKERS(Reader.WRITER_SERVICE),
    BATCH_SIZE(Reader.WRITER_SERVICE),
    BATCH_TIMEOUT_MS(Reader.WRITER_SERVICE),
    MONGO_IOPS_BUDGET(Reader.WRITER_SERVICE),
    CLAIM_IDLE_MS(Reader.WRITER_SERVICE),
    MAX_DELIVERIES(Reader.WRITER_SERVICE);

    /** Which services read a variable. */
    public enum Reader {
        BOTH, API_SERVICE, WRITER_SERVICE
    }

    public static final List<String> SHARED = namesReadBy(Reader.BOTH);
    public static final List<String> API_SERVICE = namesReadBy(Reader.API_SERVICE);
    public static final List<String> WRITER_SERVICE = namesReadBy(Reader.WRITER_SERVICE);

    private final Reader reader;

    EnvironmentVariable(Reader reader) {
        this.reader = reader;
    }

    private static List<String> namesReadBy(Reader reader) {
        return Arrays.stream(values()).filter(variable -> variable.reader == reader).map(Enum::name).toList();
    }
}
