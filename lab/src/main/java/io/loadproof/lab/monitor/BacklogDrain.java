package io.loadproof.lab.monitor;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.loadproof.lab.Console;
import redis.clients.jedis.Jedis;

/**
 * Waits until the writers have emptied the stream: no entry left, none pending. It gives up only when the backlog
 * has not shrunk for the stall timeout, so a backlog of millions that drains steadily is waited for, however long.
 */
public final class BacklogDrain {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PRINT_EVERY = Duration.ofSeconds(5);

    private BacklogDrain() {
    }

    /** @return how long the drain took, or empty if the backlog stopped shrinking for {@code stallTimeout} */
    public static Optional<Duration> await(Supplier<Jedis> redis, Duration stallTimeout) {
        long started = System.nanoTime();
        long lastPrinted = started;
        long lowest = Long.MAX_VALUE;
        long lastShrank = started;
        try (Jedis client = redis.get()) {
            while (true) {
                StreamBacklog backlog = StreamBacklog.read(client);
                long now = System.nanoTime();
                if (backlog.isEmpty()) {
                    return Optional.of(Duration.ofNanos(now - started));
                }
                if (backlog.entries() < lowest) {
                    lowest = backlog.entries();
                    lastShrank = now;
                } else if (now - lastShrank > stallTimeout.toNanos()) {
                    Console.warn("backlog did not shrink for " + stallTimeout.toSeconds() + " s: " + backlog);
                    return Optional.empty();
                }
                if (now - lastPrinted > PRINT_EVERY.toNanos()) {
                    Console.info("draining: " + backlog);
                    lastPrinted = now;
                }
                pause(POLL);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
