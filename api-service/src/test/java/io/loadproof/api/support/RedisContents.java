package io.loadproof.api.support;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;

/** Reads what the API put in Redis, through the Redis client as the writer would, or from one server of several. */
public final class RedisContents {

    private RedisContents() {
    }

    public static List<QueuedWrite> queuedWrites(RedisDataSource redis) {
        return entries(redis).stream().map(QueuedWriteCodec::decode).toList();
    }

    /** The entries' text, as the API wrote it. */
    public static List<String> entries(RedisDataSource redis) {
        return redis.stream(String.class).xrange(RedisKeys.WRITE_STREAM, StreamRange.of("-", "+")).stream()
                .map(StreamMessage::payload)
                .map(payload -> payload.get(RedisKeys.ENTRY_FIELD))
                .toList();
    }

    /** The ids of every queued write on this server (a primary or a replica). */
    @SuppressWarnings("unchecked")
    public static Set<String> idsOn(RedisServerProcess server) {
        Set<String> ids = new HashSet<>();
        for (Object entry : (List<Object>) server.command("XRANGE", RedisKeys.WRITE_STREAM, "-", "+")) {
            List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
            ids.addAll(QueuedWriteCodec.decode((String) fields.get(1)).hexIds());
        }
        return ids;
    }

    public static long backlog(RedisDataSource redis) {
        return redis.stream(String.class).xlen(RedisKeys.WRITE_STREAM);
    }

    public static void reset(RedisDataSource redis) {
        redis.flushall();
    }
}
