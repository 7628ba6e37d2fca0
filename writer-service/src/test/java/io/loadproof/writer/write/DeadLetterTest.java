package io.loadproof.writer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Entries that can never be written go to the dead-letter stream, the others of their batches are
 * written: undecodable ones at once, ones MongoDB rejects every time once they were rejected
 * MAX_DELIVERIES times over {@code writer.dead-letter-after} (2 s here instead of 60).
 */
@WriterQuarkusTest
@TestProfile(DeadLetterTest.ShortRejectionSpan.class)
class DeadLetterTest {

    static final Duration SPAN = Duration.ofSeconds(2);

    public static class ShortRejectionSpan implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("writer.dead-letter-after", SPAN.toSeconds() + "s");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    WriterConfig config;

    @Test
    void poisonEntriesAreDeadLetteredWhileTheOthersAreWritten() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> good = TestQueue.requests(6);
        // MongoDB will reject one document of this request on every attempt: its payload collides
        // with a stored one under a unique index (E11000 on payload_1, not on _id).
        QueuedWrite doomed = TestQueue.requests(1).get(0);
        records.collection().createIndex(Indexes.ascending(MongoNames.PAYLOAD), new IndexOptions().unique(true));
        try {
            records.collection().insertOne(new Document(MongoNames.ID, new ObjectId())
                    .append(MongoNames.TYPE, "squatter").append(MongoNames.PAYLOAD, doomed.payloads().get(2)));

            String first = queue.enqueue(good.subList(0, 2)).get(0);
            String garbage = queue.enqueueRaw("hello, I am not a queued write");
            String badVersion = queue.enqueueRaw("x" + SampleWrites.entry(good.get(0)).substring(1));
            String noField = queue.enqueueField("x", "1");
            long rejectedAt = System.nanoTime();
            String rejected = queue.enqueue(List.of(doomed)).get(0);
            queue.enqueue(good.subList(2, 6));

            await().atMost(Duration.ofSeconds(30)).until(() -> queue.deadLetters().keySet()
                    .containsAll(List.of(garbage, badVersion, noField, rejected)));
            assertThat(Duration.ofNanos(System.nanoTime() - rejectedAt)).isGreaterThanOrEqualTo(SPAN);
            await().atMost(Duration.ofSeconds(30)).until(() -> queue.length() == 0 && queue.pending() == 0);
            records.assertStoredExactly(good);
            assertThat(records.countOf(List.of(doomed.ids().get(2)))).isZero();

            Map<String, Map<String, String>> dead = queue.deadLetters();
            assertThat(dead).doesNotContainKey(first);
            assertThat(dead.get(garbage).get(RedisKeys.DEAD_LETTER_REASON_FIELD)).startsWith("malformed:");
            assertThat(dead.get(garbage).get(RedisKeys.DEAD_LETTER_PAYLOAD_FIELD)).isEqualTo("hello, I am not a queued write");
            assertThat(dead.get(badVersion).get(RedisKeys.DEAD_LETTER_REASON_FIELD)).isEqualTo("malformed: unsupported version 'x'");
            assertThat(dead.get(noField).get(RedisKeys.DEAD_LETTER_REASON_FIELD)).isEqualTo("malformed: no 'm' field");
            Matcher reason = Pattern.compile("rejected (\\d+) times over \\d+ s: MongoDB error 11000: .*payload_1 dup key: \\.\\.\\.")
                    .matcher(dead.get(rejected).get(RedisKeys.DEAD_LETTER_REASON_FIELD));
            assertThat(reason.matches()).as(reason.toString()).isTrue();
            assertThat(Integer.parseInt(reason.group(1))).isGreaterThanOrEqualTo(config.maxDeliveries());
            assertThat(redis.stream(String.class).xrange(RedisKeys.DEAD_LETTER_STREAM, StreamRange.of("-", "+")))
                    .filteredOn(letter -> rejected.equals(letter.payload().get(RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD)))
                    .hasSize(1);
            assertThat(dead.get(rejected).get(RedisKeys.DEAD_LETTER_PAYLOAD_FIELD)).isEqualTo(SampleWrites.entry(doomed));
        } finally {
            records.collection().dropIndex(Indexes.ascending(MongoNames.PAYLOAD));
        }
    }
}
