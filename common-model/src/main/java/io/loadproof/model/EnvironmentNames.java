package io.loadproof.model;

import java.util.List;

/**
 * The environment variables each service reads (the names of the original contract where it had
 * them). Each service's {@code application.properties} maps them onto its configuration; the
 * Kubernetes manifests and the lab set only these, which the deployment tests check.
 */
public final class EnvironmentNames {

    /** {@code redis://host:port}; the password may be given inline or by {@link #REDIS_PASSWORD}. */
    public static final String REDIS_URL = "REDIS_URL";
    public static final String REDIS_PASSWORD = "REDIS_PASSWORD";
    /** A MongoDB connection string. */
    public static final String MONGO_URI = "MONGO_URI";
    /** Seconds the read cache key lives in Redis. */
    public static final String CACHE_TTL = "CACHE_TTL";
    /** The HTTP port of the service. */
    public static final String PORT = "PORT";

    // api-service
    public static final String MAX_QUEUE_SIZE = "MAX_QUEUE_SIZE";
    public static final String LOCAL_CACHE_TTL_MS = "LOCAL_CACHE_TTL_MS";
    public static final String ENQUEUE_TIMEOUT_MS = "ENQUEUE_TIMEOUT_MS";
    public static final String STATS_MAX_AGE_MS = "STATS_MAX_AGE_MS";
    public static final String ADMIN_TOKEN = "ADMIN_TOKEN";
    /** How long a stopping pod keeps serving while /readyz says no, so the ingress drops it first. */
    public static final String SHUTDOWN_DELAY = "SHUTDOWN_DELAY";

    // writer-service
    public static final String WRITE_WORKERS = "WRITE_WORKERS";
    public static final String BATCH_SIZE = "BATCH_SIZE";
    public static final String BATCH_TIMEOUT_MS = "BATCH_TIMEOUT_MS";
    public static final String MONGO_IOPS_BUDGET = "MONGO_IOPS_BUDGET";
    public static final String CLAIM_IDLE_MS = "CLAIM_IDLE_MS";
    public static final String MAX_DELIVERIES = "MAX_DELIVERIES";

    public static final List<String> SHARED = List.of(REDIS_URL, REDIS_PASSWORD, MONGO_URI, CACHE_TTL, PORT);

    public static final List<String> API_SERVICE = List.of(MAX_QUEUE_SIZE, LOCAL_CACHE_TTL_MS, ENQUEUE_TIMEOUT_MS,
            STATS_MAX_AGE_MS, ADMIN_TOKEN, SHUTDOWN_DELAY);

    public static final List<String> WRITER_SERVICE = List.of(WRITE_WORKERS, BATCH_SIZE, BATCH_TIMEOUT_MS,
            MONGO_IOPS_BUDGET, CLAIM_IDLE_MS, MAX_DELIVERIES);

    private EnvironmentNames() {
    }
}
