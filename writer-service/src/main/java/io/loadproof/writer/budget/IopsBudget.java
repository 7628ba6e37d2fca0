package io.loadproof.writer.budget;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.loadproof.model.RedisKeys;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * The MongoDB operations budget shared by every writer process, kept in Redis.
 * <p>
 * It is a "next free slot" scheduler (GCRA without burst): the key holds the time of the next
 * free slot in microseconds of the Redis clock; each call takes that slot, moves the key one
 * interval ({@code ceil(1e6 / budget)} microseconds) further, and returns how long the caller
 * must wait for its slot. Slots are at least one interval apart whichever process takes them, so
 * any wall-clock second holds at most {@code budget} of them, however many writers there are.
 * Unused time is not saved up: after an idle spell the next caller gets the current instant, not
 * a burst. Redis's own {@code TIME} is the clock, so the writers' clocks need not agree.
 * <p>
 * The script must run while Redis is at {@code maxmemory} (noeviction), when only deletes can
 * free memory: Redis 6.2, and 7.x for a script without flags, refuse a script at OOM only if its
 * FIRST write command may grow memory ({@code SET} may, {@code DEL} may not). So the key is
 * deleted before it is set again; checked against redis-server 6.2 and 7.0 by
 * {@code RedisAtMaxmemoryTest}.
 */
@Singleton
public class IopsBudget {

    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
            if slot < now then
              slot = now
            end
            local nextSlot = slot + interval
            redis.call('DEL', KEYS[1])
            redis.call('SET', KEYS[1], string.format('%d', nextSlot), 'PX', math.floor((nextSlot - now) / 1000) + 1000)
            return slot - now
            """;

    private static final LuaScript TAKE_SLOT = new LuaScript(SCRIPT);

    private final RedisDataSource redis;
    private final String key;
    private final long intervalMicros;

    /** {@code MONGO_IOPS_BUDGET} commands a second for all writers, kept under the shared key. */
    @Inject
    public IopsBudget(RedisDataSource redis, WriterConfig config) {
        this(redis, RedisKeys.IOPS_BUDGET_KEY, config.iopsBudget());
    }

    public IopsBudget(RedisDataSource redis, String key, int operationsPerSecond) {
        if (operationsPerSecond < 1) {
            throw new IllegalArgumentException("budget must be at least 1 operation per second");
        }
        this.redis = redis;
        this.key = key;
        this.intervalMicros = (1_000_000L + operationsPerSecond - 1) / operationsPerSecond;
    }

    /**
     * Takes the next slot and sleeps until it comes; the caller then sends exactly one command.
     *
     * @return nanoseconds spent waiting for the slot
     * @throws InterruptedException if interrupted while waiting (the slot is forfeited)
     */
    public long acquire() throws InterruptedException {
        long waitMicros = TAKE_SLOT.run(redis, List.of(key), List.of(String.valueOf(intervalMicros))).toLong();
        long waitNanos = TimeUnit.MICROSECONDS.toNanos(Math.max(0, waitMicros));
        long deadline = System.nanoTime() + waitNanos;
        for (long left = waitNanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a MongoDB budget slot");
            }
        }
        return waitNanos;
    }
}
