package io.loadproof.lab.monitor;

import io.loadproof.model.RedisKeys;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The write stream's backlog as Redis reports it: entries in the stream, and those delivered but not acknowledged. */
public record StreamBacklog(long entries, long pending) {

    public static StreamBacklog read(Jedis redis) {
        return new StreamBacklog(redis.xlen(RedisKeys.WRITE_STREAM), pending(redis));
    }

    public boolean isEmpty() {
        return entries == 0 && pending == 0;
    }

    /** Entries delivered to a writer and not acknowledged; 0 before the writers have created their group. */
    public static long pending(Jedis redis) {
        try {
            return redis.xpending(RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP).getTotal();
        } catch (JedisDataException noGroup) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return String.format("%,d entries left (%,d pending)", entries, pending);
    }
}
