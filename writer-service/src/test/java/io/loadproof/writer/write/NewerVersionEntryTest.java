package io.loadproof.writer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.model.QueuedWrite;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.support.Metrics;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * An entry of a newer codec version (a rolling upgrade) is left pending for a writer that knows
 * it, however often it is claimed: never acknowledged, deleted nor dead-lettered, and this writer
 * looks at it only when a claim scan hands it over, once per CLAIM_IDLE_MS.
 */
@WriterQuarkusTest
class NewerVersionEntryTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    WriterConfig config;

    @Test
    void anEntryOfANewerVersionStaysPendingThroughManyClaims() throws InterruptedException {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> good = TestQueue.requests(6);
        double decodedBefore = Metrics.value("writer_newer_version_entries_total");

        queue.enqueue(good.subList(0, 3));
        String newer = queue.enqueueRaw("3" + SampleWrites.entry(TestQueue.requests(1).get(0)).substring(1));
        queue.enqueue(good.subList(3, 6));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> records.countOf(TestQueue.documentIds(good)) == 30);
            long watchedMs = 6 * config.claimIdle().toMillis();
            Thread.sleep(watchedMs);

            assertThat(queue.remainingIds()).contains(newer);
            assertThat(queue.deadLetters()).doesNotContainKey(newer);
            long deliveries = queue.deliveries(newer);
            assertThat(deliveries).as("claimed again and again").isGreaterThanOrEqualTo(3)
                    .isLessThanOrEqualTo(watchedMs / config.claimIdle().toMillis() + 2);
            // Looked at once per delivery (give or take the claim under way): no retry loop of its own.
            assertThat(Metrics.value("writer_newer_version_entries_total") - decodedBefore)
                    .isBetween(deliveries - 1.0, deliveries + 1.0);
            records.assertStoredExactly(good);
        } finally {
            queue.remove(newer);
        }
    }
}
