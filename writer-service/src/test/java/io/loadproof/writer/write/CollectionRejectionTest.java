package io.loadproof.writer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.support.Metrics;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * MongoDB refuses every document for a few seconds (as a validator that nothing passes would):
 * the writer retries with backoff, far more than MAX_DELIVERIES times, dead-letters nothing since
 * {@code writer.dead-letter-after} (60 s) has not passed, and everything lands once it ends.
 */
@WriterQuarkusTest
class CollectionRejectionTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    WriterConfig config;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @Test
    void aRejectionOfEveryDocumentForAFewSecondsDeadLettersNothing() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> writes = TestQueue.requests(40);
        double rejectedBefore = Metrics.value("writer_rejected_attempts_total");
        int deadLettersBefore = queue.deadLetters().size();

        mongoServer.rejectInserts();
        List<String> entryIds;
        try {
            entryIds = queue.enqueue(writes);
            // Every entry rejected several times over, more often than MAX_DELIVERIES allows.
            await().atMost(Duration.ofSeconds(30)).until(() -> Metrics.value("writer_rejected_attempts_total")
                    - rejectedBefore >= writes.size() * (config.maxDeliveries() + 2));
            assertThat(records.countOf(TestQueue.documentIds(writes))).isZero();
            assertThat(queue.remainingIds()).containsAll(entryIds);
        } finally {
            mongoServer.acceptInserts();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> queue.length() == 0 && queue.pending() == 0);
        records.assertStoredExactly(writes);
        assertThat(queue.deadLetters()).hasSize(deadLettersBefore).doesNotContainKeys(entryIds.toArray(String[]::new));
    }
}
