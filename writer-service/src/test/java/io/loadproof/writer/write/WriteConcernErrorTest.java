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
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * MongoDB stores a batch but cannot confirm it as durable (a writeConcernError): nothing is
 * acknowledged in Redis, the batch is retried, and once MongoDB confirms, its documents are there
 * exactly once and the entries are gone from the stream.
 */
@WriterQuarkusTest
class WriteConcernErrorTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @Test
    void anUnconfirmedInsertIsRetriedAndNothingIsAcknowledgedBeforeMongoDbConfirmsIt() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> writes = TestQueue.requests(20);
        long insertsBefore = mongoServer.stats().count("insert");

        mongoServer.failWriteConcern();
        List<String> entryIds;
        try {
            entryIds = queue.enqueue(writes);
            await().atMost(Duration.ofSeconds(30)).until(() -> mongoServer.stats().count("insert") - insertsBefore >= 3);
            assertThat(queue.remainingIds()).containsAll(entryIds);
            assertThat(records.countOf(TestQueue.documentIds(writes))).as("stored, yet unconfirmed").isPositive();
        } finally {
            mongoServer.confirmWrites();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> queue.length() == 0 && queue.pending() == 0);
        records.assertStoredExactly(writes);
        assertThat(queue.deadLetters()).doesNotContainKeys(entryIds.toArray(String[]::new));
    }
}
