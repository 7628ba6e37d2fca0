package io.loadproof.writer.config;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The writer's configuration. Each property the operator may set is mapped from an environment
 * variable in {@code application.properties} (names in {@code EnvironmentNames.WRITER_SERVICE});
 * the rest are tuning knobs with sensible defaults.
 */
@ConfigMapping(prefix = "writer")
public interface WriterConfig {

    /** Largest number of documents in one insertMany: the lowest {@code maxWriteBatchSize} a server may report. */
    int MAX_BATCH_DOCUMENTS = 1000;

    /** Worker threads in this process, each a consumer of the write stream ({@code WRITE_WORKERS}). */
    @WithDefault("4")
    int workers();

    /**
     * Documents per insertMany ({@code BATCH_SIZE}), at most {@link #MAX_BATCH_DOCUMENTS}. One
     * stream entry holds the 5 documents of one request, so a batch reads {@code batchSize / 5} entries.
     */
    @WithDefault("1000")
    int batchSize();

    /** Milliseconds a batch may wait to fill after its first entry arrived ({@code BATCH_TIMEOUT_MS}). */
    @WithDefault("50")
    long batchTimeoutMs();

    /** MongoDB commands per second for ALL writer processes together ({@code MONGO_IOPS_BUDGET}). */
    @WithDefault("80")
    int iopsBudget();

    /** Milliseconds an entry must have been pending before another consumer claims it ({@code CLAIM_IDLE_MS}). */
    @WithDefault("30000")
    long claimIdleMs();

    /** Attempts MongoDB may reject an entry before it moves to the dead-letter stream ({@code MAX_DELIVERIES}). */
    @WithDefault("5")
    int maxDeliveries();

    /** Seconds the read-cache key lives after a batch refreshed it ({@code CACHE_TTL}). */
    @WithDefault("300")
    int cacheTtlSeconds();

    /** Milliseconds an idle worker blocks in XREADGROUP before it looks at its other duties again. */
    @WithDefault("1000")
    long readBlockMs();

    /** First pause, in milliseconds, before retrying a batch while MongoDB is unavailable. */
    @WithDefault("100")
    long retryInitialMs();

    /** Longest pause, in milliseconds, between retries while MongoDB is unavailable. */
    @WithDefault("5000")
    long retryMaxMs();

    /** Milliseconds between refreshes of the backlog and pending gauges. */
    @WithDefault("2000")
    long gaugeRefreshMs();

    /**
     * Milliseconds after which the readiness check no longer trusts the outcome of the last insert
     * and sends a (budgeted) ping instead.
     */
    @WithDefault("5000")
    long pingIntervalMs();

    /**
     * Milliseconds the workers get on shutdown to finish and acknowledge the batch in flight. Keep
     * it under {@code quarkus.shutdown.timeout} and the pod's termination grace period.
     */
    @WithDefault("20000")
    long shutdownGraceMs();

    /** Validates the numbers a typo could break; returns the problems, empty when fine. */
    static List<String> problems(WriterConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.workers() < 1) {
            problems.add("writer.workers (WRITE_WORKERS) must be at least 1");
        }
        if (config.batchSize() < 5 || config.batchSize() > MAX_BATCH_DOCUMENTS) {
            problems.add("writer.batch-size (BATCH_SIZE) must be between 5 and " + MAX_BATCH_DOCUMENTS);
        }
        if (config.batchTimeoutMs() < 0) {
            problems.add("writer.batch-timeout-ms (BATCH_TIMEOUT_MS) must not be negative");
        }
        if (config.iopsBudget() < 1) {
            problems.add("writer.iops-budget (MONGO_IOPS_BUDGET) must be at least 1");
        }
        if (config.claimIdleMs() < 100) {
            problems.add("writer.claim-idle-ms (CLAIM_IDLE_MS) must be at least 100");
        }
        if (config.maxDeliveries() < 1) {
            problems.add("writer.max-deliveries (MAX_DELIVERIES) must be at least 1");
        }
        if (config.cacheTtlSeconds() < 1) {
            problems.add("writer.cache-ttl-seconds (CACHE_TTL) must be at least 1");
        }
        if (config.readBlockMs() < 1) {
            problems.add("writer.read-block-ms must be at least 1 (0 would block forever)");
        }
        return problems;
    }
}
