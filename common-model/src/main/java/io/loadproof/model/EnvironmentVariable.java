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

    /** {@code redis://host:port}; the password may be given inline or by {@link #REDIS_PASSWORD}. */
    REDIS_URL(Reader.BOTH),
    REDIS_PASSWORD(Reader.BOTH),
    /** A MongoDB connection string. */
    MONGO_URI(Reader.BOTH),
    /** Seconds the read cache key lives in Redis. */
    CACHE_TTL(Reader.BOTH),
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

    public Reader reader() {
        return reader;
    }

    private static List<String> namesReadBy(Reader reader) {
        return Arrays.stream(values()).filter(variable -> variable.reader == reader).map(Enum::name).toList();
    }
}
