package io.loadproof.writer.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.types.ObjectId;

import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;

/** Produces stream entries exactly as the API does: {@code XADD write_queue * m <codec text>}. */
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
        List<String> ids = new ArrayList<>(writes.size());
        for (QueuedWrite write : writes) {
            ids.add(enqueueRaw(QueuedWriteCodec.encode(write)));
        }
        return ids;
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
        streams.xrange(RedisKeys.WRITE_STREAM, io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
                .forEach(message -> ids.add(message.id()));
        return ids;
    }

    public RedisDataSource redis() {
        return redis;
    }

    public static List<ObjectId> documentIds(List<QueuedWrite> writes) {
        List<ObjectId> ids = new ArrayList<>(writes.size() * 5);
        writes.forEach(write -> ids.addAll(write.ids()));
        return ids;
    }
}
