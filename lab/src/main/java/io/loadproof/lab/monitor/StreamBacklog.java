package io.loadproof.lab.monitor;

import java.util.List;

import io.loadproof.embedded.RespClient;
import io.loadproof.model.RedisKeys;

/** The write stream's backlog as Redis reports it: entries in the stream, and those delivered but not acknowledged. */
public record StreamBacklog(long entries, long pending) {

    public static StreamBacklog read(RespClient redis) {
        return new StreamBacklog(redis.callLong("XLEN", RedisKeys.WRITE_STREAM), pending(redis));
    }

    public boolean isEmpty() {
        return entries == 0 && pending == 0;
    }

    /** Entries delivered to a writer and not acknowledged; 0 before the writers have created their group. */
    public static long pending(RespClient redis) {
        try {
            if (redis.call("XPENDING", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP) instanceof List<?> summary
                    && !summary.isEmpty() && summary.get(0) instanceof Long count) {
                return count;
            }
            return 0;
        } catch (RespClient.RedisErrorReply noGroup) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return String.format("%,d entries left (%,d pending)", entries, pending);
    }
}
