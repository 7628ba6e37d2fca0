package io.loadproof.writer.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.bson.types.ObjectId;

import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import io.loadproof.model.samples.SampleWrites;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.vertx.mutiny.redis.client.Response;

/**
 * Produces stream entries exactly as the API does, {@code XADD write_queue * m <codec text>}, or as
 * an API of codec version 1 did.
 */
public final class TestQueue {

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;

    public TestQueue(RedisDataSource redis) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
    }

    public static List<QueuedWrite> requests(int count) {
        List<QueuedWrite> writes = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            writes.add(SampleWrites.newRequest(now.plusMillis(i)));
        }
        return writes;
    }

    /** @return the entry ids, in order */
    public List<String> enqueue(List<QueuedWrite> writes) {
        return enqueue(writes, SampleWrites::entry);
    }

    /** As an API of before codec version 2 did: entries carrying the payloads. @return the entry ids */
    public List<String> enqueueVersionOne(List<QueuedWrite> writes) {
        return enqueue(writes, SampleWrites::versionOneEntry);
    }

    private List<String> enqueue(List<QueuedWrite> writes, Function<QueuedWrite, String> form) {
        List<String> ids = new ArrayList<>(writes.size());
        for (QueuedWrite write : writes) {
            ids.add(enqueueRaw(form.apply(write)));
        }
        return ids;
    }

    /**
     * Enqueues requests one by one until Redis refuses one with OOM (at its maxmemory), as the
     * API's enqueue would see it. The entries are of codec version 1, about 16 times the memory of
     * the current ones: a few hundred fill a small maxmemory, and the writer drains them in seconds.
     * @return the requests Redis accepted
     */
    public List<QueuedWrite> enqueueUntilOutOfMemory() {
        List<QueuedWrite> accepted = new ArrayList<>();
        while (accepted.size() < 1_000_000) {
            List<QueuedWrite> next = requests(1);
            try {
                enqueueVersionOne(next);
            } catch (RuntimeException e) {
                assertThat(e).hasMessageContaining("OOM");
                return accepted;
            }
            accepted.addAll(next);
        }
        throw new AssertionError("Redis never reached its maxmemory");
    }

    public String enqueueRaw(String message) {
        return streams.xadd(RedisKeys.WRITE_STREAM, Map.of(RedisKeys.ENTRY_FIELD, message));
    }

    public String enqueueField(String field, String value) {
        return streams.xadd(RedisKeys.WRITE_STREAM, Map.of(field, value));
    }

    public long length() {
        return streams.xlen(RedisKeys.WRITE_STREAM);
    }

    public long pending() {
        return streams.xpending(RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP).getPendingCount();
    }

    /** Entry ids still in the stream. */
    public Set<String> remainingIds() {
        Set<String> ids = new HashSet<>();
        streams.xrange(RedisKeys.WRITE_STREAM, StreamRange.of("-", "+"))
                .forEach(message -> ids.add(message.id()));
        return ids;
    }

    /** Dead letters by the id of the entry they came from. */
    public Map<String, Map<String, String>> deadLetters() {
        Map<String, Map<String, String>> byEntry = new HashMap<>();
        streams.xrange(RedisKeys.DEAD_LETTER_STREAM, StreamRange.of("-", "+")).forEach(message -> byEntry
                .putIfAbsent(message.payload().get(RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD), message.payload()));
        return byEntry;
    }

    /** How many times the group handed the pending entry out (XPENDING); 0 when it is not pending. */
    public long deliveries(String entryId) {
        Response pending = redis.execute("XPENDING", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP, entryId, entryId, "1");
        return pending.size() == 0 ? 0 : pending.get(0).get(3).toLong();
    }

    /** Acknowledges and deletes an entry no writer will, so that the stream is empty for the next test. */
    public void remove(String entryId) {
        redis.execute("XACK", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP, entryId);
        streams.xdel(RedisKeys.WRITE_STREAM, entryId);
    }

    public static List<ObjectId> documentIds(List<QueuedWrite> writes) {
        List<ObjectId> ids = new ArrayList<>(writes.size() * 5);
        writes.forEach(write -> ids.addAll(write.ids()));
        return ids;
    }
}
