package io.loadproof.writer.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The writer's Micrometer meters, exposed by Prometheus at {@code /q/metrics}. The backlog and
 * pending gauges show values refreshed periodically by the pool, so a scrape never reaches Redis.
 */
@Singleton
public class WriterMetrics {

    private static final String DEAD_LETTERS = "writer.dead.letters";

    private final MeterRegistry registry;
    private final Counter documentsWritten;
    private final Counter duplicateDocuments;
    private final Counter batches;
    private final Counter claimedEntries;
    private final Counter deadLetteredMalformed;
    private final Counter deadLetteredRejected;
    private final Counter deadLetteredAfterBug;
    private final Counter bugs;
    private final Counter rejectedAttempts;
    private final Counter unavailableRetries;
    private final Counter newerVersionEntries;
    private final DistributionSummary batchSize;
    private final Timer insertLatency;
    private final Timer budgetWait;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    public WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        documentsWritten = counter("writer.documents.written",
                "Documents MongoDB acknowledged (including ones already stored by an earlier delivery)");
        duplicateDocuments = counter("writer.documents.duplicate",
                "Documents that were already stored (E11000 on _id), counted as written");
        batches = counter("writer.batches", "insertMany batches MongoDB acknowledged");
        claimedEntries = counter("writer.claims", "Entries claimed from consumers that left them pending longer than CLAIM_IDLE_MS");
        deadLetteredMalformed = counter(DEAD_LETTERS, "Entries moved to the dead-letter stream", "reason", "malformed");
        deadLetteredRejected = counter(DEAD_LETTERS, "Entries moved to the dead-letter stream", "reason", "rejected");
        deadLetteredAfterBug = counter(DEAD_LETTERS, "Entries moved to the dead-letter stream", "reason", "bug");
        bugs = counter("writer.bugs", "Failures that were neither an outage nor a rejection: bugs, each logged with its trace");
        rejectedAttempts = counter("writer.rejected.attempts", "Entries MongoDB rejected on one attempt (not a duplicate, not an outage)");
        unavailableRetries = counter("writer.database.unavailable.retries",
                "Batch attempts that failed because MongoDB was unavailable, each retried");
        newerVersionEntries = counter("writer.newer.version.entries",
                "Entries of a newer codec version, left pending for a writer that knows it");
        batchSize = DistributionSummary.builder("writer.batch.size").description("Documents per insertMany")
                .baseUnit("documents").serviceLevelObjectives(5, 25, 50, 100, 250, 500, 750, 1000).register(registry);
        insertLatency = Timer.builder("writer.insert.latency").description("Duration of insertMany calls that MongoDB answered")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(15)).register(registry);
        budgetWait = Timer.builder("writer.budget.wait").description("Time spent waiting for a slot of the shared MongoDB IOPS budget")
                .register(registry);
        gauge("writer.backlog", backlog, "Entries in the write stream (XLEN), refreshed periodically");
        gauge("writer.pending", pending, "Entries delivered to a writer and not yet acknowledged, refreshed periodically");
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private void gauge(String name, AtomicLong value, String description) {
        Gauge.builder(name, value, AtomicLong::get).description(description).baseUnit("entries").register(registry);
    }

    public void inserted(long insertNanos) {
        insertLatency.record(insertNanos, TimeUnit.NANOSECONDS);
    }

    public void batchWritten(int documents, int duplicates) {
        batches.increment();
        batchSize.record(documents);
        documentsWritten.increment(documents);
        duplicateDocuments.increment(duplicates);
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

    public void deadLetteredAfterBug() {
        deadLetteredAfterBug.increment();
    }

    public void bug() {
        bugs.increment();
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

    public void newerVersion(int entries) {
        newerVersionEntries.increment(entries);
    }

    public void backlog(long entries) {
        backlog.set(entries);
    }

    public void pending(long entries) {
        pending.set(entries);
    }

    public double batches() {
        return batches.count();
    }
}
