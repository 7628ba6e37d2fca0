package io.loadproof.writer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.model.MalformedEntryException;
import io.loadproof.model.NewerVersionException;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import net.jqwik.api.Arbitraries;

/**
 * No entry can hold back another: whatever bytes an entry holds, that entry alone goes to the
 * dead-letter stream, with its reason and its bytes as they were, and the entries around it are
 * written.
 */
@WriterQuarkusTest
class PoisonEntriesTest {

    private static final String ID = new ObjectId().toHexString();

    @Inject
    RedisDataSource redis;

    @Inject
    Redis lowLevel;

    @Inject
    MongoClient mongo;

    @Test
    void everyKindOfBadEntryIsDeadLetteredAloneAndItsNeighboursAreWritten() {
        Map<String, Map<String, byte[]>> poison = new LinkedHashMap<>();
        poison.put("empty version", m("|1|" + ID + "|0123456789abcdef"));
        poison.put("any value", m("\u0000\u00ff|||\uD83D\uDE00 2|x"));
        poison.put("empty value", m(""));
        poison.put("a version 1 entry with a short payload", m("1|1|" + ID + "|" + "A".repeat(100)));
        poison.put("a huge value", m("2|1|" + ID + "|" + "f".repeat(2_000_000)));
        poison.put("junk bytes, not UTF-8", Map.of(RedisKeys.ENTRY_FIELD, new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, '|', 0}));
        poison.put("another field name", Map.of("\u00e9\u0001", bytes("2|1|" + ID + "|0123456789abcdef")));
        poison.put("extra fields beside a bad m", fields("m", "nonsense", "x", "1", "y", "2"));
        poison.put("no m field at all", fields("only", "other"));
        assertIsolated(poison);
    }

    /** The same with generated text: any string the codec refuses goes alone to the dead letters. */
    @Test
    void generatedEntriesMixedWithValidOnesAreIsolated() {
        Map<String, Map<String, byte[]>> poison = new LinkedHashMap<>();
        Arbitraries.strings().all().ofMaxLength(300).sampleStream().filter(PoisonEntriesTest::isRefused).limit(150)
                .forEach(text -> poison.put("generated #" + poison.size() + ": " + text, m(text)));
        Arbitraries.strings().withChars("0123456789abcdef|-").ofMaxLength(160).map(text -> "2|" + text)
                .sampleStream().filter(PoisonEntriesTest::isRefused).limit(150)
                .forEach(text -> poison.put("generated #" + poison.size() + ": " + text, m(text)));
        assertIsolated(poison);
    }

    private void assertIsolated(Map<String, Map<String, byte[]>> poison) {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> good = new ArrayList<>();
        Map<String, String> poisonIds = new LinkedHashMap<>();
        poison.forEach((kind, fields) -> {
            List<QueuedWrite> neighbours = TestQueue.requests(2);
            good.addAll(neighbours);
            queue.enqueue(neighbours.subList(0, 1));
            poisonIds.put(enqueue(fields), kind);
            queue.enqueue(neighbours.subList(1, 2));
        });

        await().atMost(Duration.ofSeconds(60)).until(() -> queue.length() == 0 && queue.pending() == 0);
        records.assertStoredExactly(good);
        Map<String, Map<String, String>> dead = queue.deadLetters();
        poisonIds.forEach((id, kind) -> {
            assertThat(dead).as(kind).containsKey(id);
            assertThat(dead.get(id).get(RedisKeys.DEAD_LETTER_REASON_FIELD)).as(kind).startsWith("malformed: ");
            byte[] original = poison.get(kind).get(RedisKeys.ENTRY_FIELD);
            assertThat(deadLetterPayload(id)).as(kind).isEqualTo(original == null ? new byte[0] : original);
        });
        assertThat(dead).hasSize(poisonIds.size());
        redis.key().del(RedisKeys.DEAD_LETTER_STREAM);
    }

    private static boolean isRefused(String text) {
        try {
            QueuedWriteCodec.decode(text);
            return false;
        } catch (MalformedEntryException e) {
            return true;
        } catch (NewerVersionException e) {
            return false;
        }
    }

    private String enqueue(Map<String, byte[]> fields) {
        Request xadd = Request.cmd(Command.XADD).arg(RedisKeys.WRITE_STREAM).arg("*");
        fields.forEach((field, value) -> xadd.arg(field).arg(value));
        return lowLevel.sendAndAwait(xadd).toString();
    }

    /** The dead letter's payload as raw bytes: the entry's {@code m} field as it was. */
    private byte[] deadLetterPayload(String entryId) {
        Response letters = lowLevel.sendAndAwait(Request.cmd(Command.XRANGE).arg(RedisKeys.DEAD_LETTER_STREAM).arg("-").arg("+"));
        for (Response letter : letters) {
            Map<String, Response> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < letter.get(1).size(); i += 2) {
                fields.put(letter.get(1).get(i).toString(), letter.get(1).get(i + 1));
            }
            if (entryId.equals(fields.get(RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD).toString())) {
                return fields.get(RedisKeys.DEAD_LETTER_PAYLOAD_FIELD).toBytes();
            }
        }
        throw new AssertionError("no dead letter of " + entryId);
    }

    private static Map<String, byte[]> m(String text) {
        return Map.of(RedisKeys.ENTRY_FIELD, bytes(text));
    }

    private static Map<String, byte[]> fields(String... namesAndValues) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], bytes(namesAndValues[i + 1]));
        }
        return fields;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
