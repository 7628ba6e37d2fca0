package io.loadproof.writer.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The writer's Micrometer meters, exposed by Prometheus at {@code /q/metrics}. The backlog and
 * pending gauges show values refreshed periodically by the pool, so a scrape never reaches Redis.
 */
public final class WriterMetrics {

    private final Counter documentsWritten;
    private final Counter duplicateDocuments;
    private final Counter batches;
    private final DistributionSummary batchSize;
    private final Timer insertLatency;
    private final Timer budgetWait;
    private final Counter claimedEntries;
    private final Counter deadLetteredMalformed;
    private final Counter deadLetteredRejected;
    private final Counter rejectedAttempts;
    private final Counter unavailableRetries;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    public WriterMetrics(MeterRegistry registry) {
        documentsWritten = Counter.builder("writer.documents.written")
                .description("Documents MongoDB acknowledged (including ones already stored by an earlier delivery)")
                .register(registry);
        duplicateDocuments = Counter.builder("writer.documents.duplicate")
                .description("Documents that were already stored (E11000 on _id), counted as written")
                .register(registry);
        batches = Counter.builder("writer.batches")
                .description("insertMany batches MongoDB acknowledged")
                .register(registry);
        batchSize = DistributionSummary.builder("writer.batch.size")
                .description("Documents per insertMany")
                .baseUnit("documents")
                .serviceLevelObjectives(5, 25, 50, 100, 250, 500, 750, 1000)
                .register(registry);
        insertLatency = Timer.builder("writer.insert.latency")
                .description("Duration of insertMany calls that MongoDB answered")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(15))
                .register(registry);
        budgetWait = Timer.builder("writer.budget.wait")
                .description("Time spent waiting for a slot of the shared MongoDB IOPS budget")
                .register(registry);
        claimedEntries = Counter.builder("writer.claims")
                .description("Entries claimed from consumers that left them pending longer than CLAIM_IDLE_MS")
                .register(registry);
        deadLetteredMalformed = Counter.builder("writer.dead.letters")
                .tag("reason", "malformed")
                .description("Entries moved to the dead-letter stream")
                .register(registry);
        deadLetteredRejected = Counter.builder("writer.dead.letters")
                .tag("reason", "rejected")
                .description("Entries moved to the dead-letter stream")
                .register(registry);
        rejectedAttempts = Counter.builder("writer.rejected.attempts")
                .description("Entries MongoDB rejected on one attempt (not a duplicate, not an outage)")
                .register(registry);
        unavailableRetries = Counter.builder("writer.database.unavailable.retries")
                .description("Batch attempts that failed because MongoDB was unavailable, each retried")
                .register(registry);
        Gauge.builder("writer.backlog", backlog, AtomicLong::get)
                .description("Entries in the write stream (XLEN), refreshed periodically")
                .baseUnit("entries")
                .register(registry);
        Gauge.builder("writer.pending", pending, AtomicLong::get)
                .description("Entries delivered to a writer and not yet acknowledged, refreshed periodically")
                .baseUnit("entries")
                .register(registry);
    }

    public void batchWritten(int documents, int duplicates, long insertNanos) {
        batches.increment();
        batchSize.record(documents);
        documentsWritten.increment(documents);
        if (duplicates > 0) {
            duplicateDocuments.increment(duplicates);
        }
        insertLatency.record(insertNanos, TimeUnit.NANOSECONDS);
    }

    public void budgetWaited(long nanos) {
        budgetWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void claimed(int entries) {
        claimedEntries.increment(entries);
    }

    public void deadLetteredMalformed() {
        deadLetteredMalformed.increment();
    }

    public void deadLetteredRejected() {
        deadLetteredRejected.increment();
    }

    public void rejected(int entries) {
        rejectedAttempts.increment(entries);
    }

    public void unavailableRetry() {
        unavailableRetries.increment();
    }

    public void backlog(long entries) {
        backlog.set(entries);
    }

    public void pending(long entries) {
        pending.set(entries);
    }

    public double documentsWritten() {
        return documentsWritten.count();
    }

    public double batches() {
        return batches.count();
    }

    public double deadLetters() {
        return deadLetteredMalformed.count() + deadLetteredRejected.count();
    }
}
