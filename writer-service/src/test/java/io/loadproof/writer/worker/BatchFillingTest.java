package io.loadproof.writer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.support.Metrics;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Entries trickle in one by one, so no batch fills before BATCH_TIMEOUT_MS: each batch still takes
 * a handful of XREADGROUP round trips (one, then a look every 10 ms), not one per entry.
 */
@WriterQuarkusTest
class BatchFillingTest {

    private static final int ENTRIES = 1500;

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    WriterConfig config;

    @Test
    void aBatchFillsInAFewRoundTripsWhileEntriesTrickleIn() {
        TestQueue queue = new TestQueue(redis);
        List<QueuedWrite> writes = TestQueue.requests(ENTRIES);
        long readsBefore = xreadgroupCalls();
        double batchesBefore = Metrics.value("writer_batches_total");
        long started = System.nanoTime();

        for (int i = 0; i < ENTRIES; i++) {
            queue.enqueue(writes.subList(i, i + 1));
            LockSupport.parkNanos(started + (i + 1) * 1_000_000L - System.nanoTime());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.length() == 0 && queue.pending() == 0);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;

        long reads = xreadgroupCalls() - readsBefore;
        double batches = Metrics.value("writer_batches_total") - batchesBefore;
        // The first read, then one every FILL_POLL until BATCH_TIMEOUT_MS is over.
        long readsPerBatch = 1 + config.batchTimeout().toMillis() / BatchGatherer.FILL_POLL.toMillis();
        // Besides the batches' reads: blocking reads that timed out, at most one per worker and read-block.
        long idleReads = config.workers() * (seconds / config.readBlock().toSeconds() + 1);
        System.out.printf("%d XREADGROUP calls for %.0f batches of %d entries in %d s%n", reads, batches, ENTRIES, seconds);
        assertThat(reads).isPositive().isLessThanOrEqualTo((long) (batches * readsPerBatch) + idleReads);
        new Records(mongo).assertStoredExactly(writes);
    }

    private long xreadgroupCalls() {
        String stats = redis.execute("INFO", "commandstats").toString();
        return stats.lines().filter(line -> line.startsWith("cmdstat_xreadgroup:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("^cmdstat_xreadgroup:calls=(\\d+),.*", "$1"))).orElse(0L);
    }
}
