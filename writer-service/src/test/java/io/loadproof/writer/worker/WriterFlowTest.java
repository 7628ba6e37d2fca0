package io.loadproof.writer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.model.LatestIds;
import io.loadproof.model.QueuedDocument;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/** The write path against a real redis-server and the MongoDB wire server, both over TCP. */
@WriterQuarkusTest
class WriterFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Test
    void queuedEntriesBecomeExactlyTheExpectedDocuments() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        long before = records.total();
        List<QueuedWrite> writes = TestQueue.requests(60);

        queue.enqueue(writes);

        await().atMost(PATIENCE).until(() -> records.countOf(TestQueue.documentIds(writes)) == 300);
        records.assertStoredExactly(writes);
        assertThat(records.total()).isEqualTo(before + 300);
        await().atMost(PATIENCE).until(() -> queue.length() == 0 && queue.pending() == 0);

        String cached = redis.value(String.class).get(RedisKeys.READ_CACHE_KEY);
        List<String> cachedIds = LatestIds.decode(cached);
        assertThat(cachedIds).hasSize(QueuedWrite.DOCUMENTS_PER_REQUEST);
        assertThat(writes.stream().flatMap(write -> write.hexIds().stream()).collect(Collectors.toSet()))
                .containsAll(cachedIds);
        long ttl = redis.key().ttl(RedisKeys.READ_CACHE_KEY);
        assertThat(ttl).isPositive().isLessThanOrEqualTo(300);
    }

    /** During an upgrade the stream holds entries of both codec versions: each becomes exactly its documents. */
    @Test
    void entriesCarryingPayloadsAndEntriesCarryingSeedsBothBecomeTheirDocuments() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> old = TestQueue.requests(10);
        List<QueuedWrite> seeded = TestQueue.requests(10);

        queue.enqueueVersionOne(old.subList(0, 5));
        queue.enqueue(seeded.subList(0, 5));
        queue.enqueueVersionOne(old.subList(5, 10));
        queue.enqueue(seeded.subList(5, 10));

        await().atMost(PATIENCE).until(() -> records.countOf(TestQueue.documentIds(old)) == 50
                && records.countOf(TestQueue.documentIds(seeded)) == 50);
        records.assertStoredExactly(old);
        records.assertStoredExactly(seeded);
    }

    @Test
    void redeliveredEntriesAreNotDuplicated() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        long before = records.total();
        List<QueuedWrite> writes = TestQueue.requests(20);
        // Two requests wholly and one partly stored already, as if an earlier delivery was cut short.
        List<Document> already = new ArrayList<>();
        for (QueuedWrite write : writes.subList(0, 2)) {
            write.documents().forEach(document -> already.add(Records.toDocument(document)));
        }
        List<QueuedDocument> third = writes.get(2).documents();
        already.add(Records.toDocument(third.get(0)));
        already.add(Records.toDocument(third.get(3)));
        records.collection().insertMany(already);

        queue.enqueue(writes);
        await().atMost(PATIENCE).until(() -> queue.length() == 0 && queue.pending() == 0);
        records.assertStoredExactly(writes);
        assertThat(records.total()).isEqualTo(before + 100);

        // The same messages delivered again as new entries: all E11000, all acknowledged.
        queue.enqueue(writes);
        await().atMost(PATIENCE).until(() -> queue.length() == 0 && queue.pending() == 0);
        records.assertStoredExactly(writes);
        assertThat(records.total()).isEqualTo(before + 100);
    }

    @Test
    void entriesLeftPendingByACrashedConsumerAreClaimedAndWritten() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> writes = TestQueue.requests(12);
        // XADD and XREADGROUP by a consumer that then "crashes", atomically so that no live worker
        // sees the entries first.
        StringBuilder script = new StringBuilder();
        List<String> arguments = new ArrayList<>(List.of("", "1", RedisKeys.WRITE_STREAM));
        for (int i = 0; i < writes.size(); i++) {
            script.append("redis.call('XADD', KEYS[1], '*', 'm', ARGV[").append(i + 1).append("])\n");
            arguments.add(SampleWrites.entry(writes.get(i)));
        }
        script.append("return redis.call('XREADGROUP', 'GROUP', '").append(RedisKeys.WRITER_GROUP)
                .append("', 'crashed-consumer', 'COUNT', 100, 'STREAMS', KEYS[1], '>')");
        arguments.set(0, script.toString());
        Response read = redis.execute("EVAL", arguments.toArray(String[]::new));
        assertThat(read.get(0).get(1).size()).isEqualTo(writes.size());
        assertThat(redis.stream(String.class).xpending(RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP).getConsumers())
                .containsEntry("crashed-consumer", 12L);

        await().atMost(PATIENCE).until(() -> records.countOf(TestQueue.documentIds(writes)) == 60);
        records.assertStoredExactly(writes);
        await().atMost(PATIENCE).until(() -> queue.length() == 0 && queue.pending() == 0);
    }
}
