package io.loadproof.writer.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.loadproof.model.QueuedWrite;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The writer's configuration. What an operator sets is validated at start-up: a bad value stops
 * the process with a message that names the environment variable. Each property an operator may set is mapped from an
 * environment variable in {@code application.properties} (names in {@code EnvironmentVariable.WRITER_SERVICE});
 * the rest are tuning knobs with sensible defaults.
 */
@ConfigMapping(prefix = "writer")
public interface WriterConfig {

    /** Largest number of documents in one insertMany: the lowest {@code maxWriteBatchSize} a server may report. */
    int MAX_BATCH_DOCUMENTS = 1000;

    /** Worker threads in this process, each a consumer of the write stream ({@code WRITE_WORKERS}). */
    @WithDefault("4")
    @Min(value = 1, message = "(WRITE_WORKERS) must be at least 1")
    int workers();

    /**
     * Documents per insertMany ({@code BATCH_SIZE}), at most {@link #MAX_BATCH_DOCUMENTS}. One
     * stream entry holds the 5 documents of one request, so a batch reads {@code batchSize / 5} entries.
     */
    @WithDefault("1000")
    @Min(value = 5, message = "(BATCH_SIZE) must be between 5 and " + MAX_BATCH_DOCUMENTS)
    @Max(value = MAX_BATCH_DOCUMENTS, message = "(BATCH_SIZE) must be between 5 and " + MAX_BATCH_DOCUMENTS)
    int batchSize();

    /** Stream entries a batch reads: {@code BATCH_SIZE} documents, 5 per entry. */
    default int entriesPerBatch() {
        return Math.max(1, batchSize() / QueuedWrite.DOCUMENTS_PER_REQUEST);
    }

    /** How long a batch may wait to fill after its first entry arrived ({@code BATCH_TIMEOUT_MS}). */
    @WithDefault("50ms")
    @DurationMin(millis = 0, message = "(BATCH_TIMEOUT_MS) must not be negative")
    Duration batchTimeout();

    /** MongoDB commands per second for ALL writer processes together ({@code MONGO_IOPS_BUDGET}). */
    @WithDefault("80")
    @Min(value = 1, message = "(MONGO_IOPS_BUDGET) must be at least 1")
    int iopsBudget();

    /** How long an entry must have been pending before another consumer claims it ({@code CLAIM_IDLE_MS}). */
    @WithDefault("30s")
    @DurationMin(millis = 100, message = "(CLAIM_IDLE_MS) must be at least 100")
    Duration claimIdle();

    /**
     * The fewest attempts MongoDB must have rejected an entry on before it may be dead-lettered
     * ({@code MAX_DELIVERIES}); {@link #deadLetterAfter()} must have passed as well.
     */
    @WithDefault("5")
    @Min(value = 1, message = "(MAX_DELIVERIES) must be at least 1")
    int maxDeliveries();

    /**
     * The shortest time an entry MongoDB rejects is retried before it moves to the dead-letter
     * stream, so that a rejection of the whole collection that lasts a moment sets nothing aside.
     */
    @WithDefault("60s")
    Duration deadLetterAfter();

    /** How long the read-cache key lives after a batch refreshed it ({@code CACHE_TTL}, seconds). */
    @WithDefault("300s")
    @DurationMin(seconds = 1, message = "(CACHE_TTL) must be at least 1 second")
    Duration cacheTtl();

    /** How long an idle worker blocks in XREADGROUP before it looks at its other duties again. */
    @WithDefault("1s")
    @DurationMin(millis = 1, message = "must be at least 1 ms (0 would block forever)")
    Duration readBlock();

    /** First pause before retrying while MongoDB or Redis is unavailable, and before retrying a rejected entry. */
    @WithDefault("100ms")
    Duration retryInitial();

    /** Longest pause between such retries. */
    @WithDefault("5s")
    Duration retryMax();

    /** Time between refreshes of the backlog and pending gauges. */
    @WithDefault("2s")
    Duration gaugeRefresh();

    /** Age after which readiness no longer trusts the outcome of the last insert and sends a (budgeted) ping instead. */
    @WithDefault("5s")
    Duration pingInterval();

    /**
     * Time the workers get on shutdown to finish and acknowledge the batch in flight. Keep it under
     * {@code quarkus.shutdown.timeout} and the pod's termination grace period.
     */
    @WithDefault("20s")
    Duration shutdownGrace();
}
