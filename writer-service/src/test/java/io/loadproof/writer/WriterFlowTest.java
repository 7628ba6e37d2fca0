package io.loadproof.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisTestResource;
import io.loadproof.model.LatestIds;
import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedDocument;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.loadproof.writer.persistence.RecordStore;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;

/** The write path against a real redis-server and the MongoDB wire server, both over TCP. */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
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

    @Test
    void redeliveredEntriesAreNotDuplicated() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        long before = records.total();
        List<QueuedWrite> writes = TestQueue.requests(20);
        // Two requests wholly and one partly stored already, as if an earlier delivery was cut short.
        List<Document> already = new ArrayList<>();
        for (QueuedWrite write : writes.subList(0, 2)) {
            write.documents().forEach(document -> already.add(RecordStore.toDocument(document)));
        }
        List<QueuedDocument> third = writes.get(2).documents();
        already.add(RecordStore.toDocument(third.get(0)));
        already.add(RecordStore.toDocument(third.get(3)));
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
            arguments.add(QueuedWriteCodec.encode(writes.get(i)));
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

    @Test
    void poisonEntriesAreDeadLetteredWhileTheOthersAreWritten() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> good = TestQueue.requests(6);
        // MongoDB will reject one document of this request on every attempt: its payload collides
        // with a stored one under a unique index (E11000 on payload_1, not on _id).
        QueuedWrite doomed = TestQueue.requests(1).get(0);
        String takenPayload = doomed.payloads().get(2);
        records.collection().createIndex(Indexes.ascending(MongoNames.PAYLOAD), new IndexOptions().unique(true));
        try {
            records.collection().insertOne(new Document(MongoNames.ID, new ObjectId())
                    .append(MongoNames.TYPE, "squatter").append(MongoNames.PAYLOAD, takenPayload));

            String first = queue.enqueue(good.subList(0, 2)).get(0);
            String garbage = queue.enqueueRaw("hello, I am not a queued write");
            String wrongVersion = queue.enqueueRaw("2" + QueuedWriteCodec.encode(good.get(0)).substring(1));
            String noField = queue.enqueueField("x", "1");
            String rejected = queue.enqueue(List.of(doomed)).get(0);
            queue.enqueue(good.subList(2, 6));

            await().atMost(PATIENCE).until(() -> deadLetters().keySet()
                    .containsAll(List.of(garbage, wrongVersion, noField, rejected)));
            await().atMost(PATIENCE).until(() -> queue.length() == 0 && queue.pending() == 0);
            records.assertStoredExactly(good);
            assertThat(records.countOf(List.of(doomed.ids().get(2)))).isZero();

            Map<String, Map<String, String>> dead = deadLetters();
            assertThat(dead).doesNotContainKey(first);
            assertThat(dead.get(garbage).get(RedisKeys.DEAD_LETTER_REASON_FIELD)).startsWith("malformed:");
            assertThat(dead.get(garbage).get(RedisKeys.DEAD_LETTER_PAYLOAD_FIELD)).isEqualTo("hello, I am not a queued write");
            assertThat(dead.get(wrongVersion).get(RedisKeys.DEAD_LETTER_REASON_FIELD))
                    .isEqualTo("malformed: unsupported version '2'");
            assertThat(dead.get(noField).get(RedisKeys.DEAD_LETTER_REASON_FIELD)).isEqualTo("malformed: no 'm' field");
            assertThat(dead.get(rejected).get(RedisKeys.DEAD_LETTER_REASON_FIELD))
                    .startsWith("rejected 3 times: MongoDB error 11000").contains("payload");
            assertThat(dead.get(rejected).get(RedisKeys.DEAD_LETTER_PAYLOAD_FIELD)).isEqualTo(QueuedWriteCodec.encode(doomed));
            assertThat(dead.values()).filteredOn(fields -> fields.get(RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD).equals(rejected))
                    .hasSize(1);
        } finally {
            records.collection().dropIndex(Indexes.ascending(MongoNames.PAYLOAD));
        }
    }

    /** Dead letters by the id of the entry they came from. */
    private Map<String, Map<String, String>> deadLetters() {
        List<StreamMessage<String, String, String>> messages = redis.stream(String.class)
                .xrange(RedisKeys.DEAD_LETTER_STREAM, StreamRange.of("-", "+"));
        return messages.stream().collect(Collectors.toMap(
                message -> message.payload().get(RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD), StreamMessage::payload,
                (a, b) -> a));
    }
}
