package io.loadproof.lab.monitor;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.loadproof.lab.Console;
import redis.clients.jedis.Jedis;

/** Waits, with a bound, until the writers have emptied the stream: no entry left, none pending. */
public final class BacklogDrain {

    private BacklogDrain() {
    }

    /** @return how long the drain took, or empty if the backlog was not empty by the deadline */
    public static Optional<Duration> await(Supplier<Jedis> redis, Duration timeout) {
        long started = System.nanoTime();
        long lastPrinted = started;
        try (Jedis client = redis.get()) {
            while (true) {
                StreamBacklog backlog = StreamBacklog.read(client);
                long now = System.nanoTime();
                if (backlog.isEmpty()) {
                    return Optional.of(Duration.ofNanos(now - started));
                }
                if (now - started > timeout.toNanos()) {
                    Console.warn("backlog not drained within " + timeout.toSeconds() + " s: " + backlog);
                    return Optional.empty();
                }
                if (now - lastPrinted > Duration.ofSeconds(5).toNanos()) {
                    Console.info("draining: " + backlog);
                    lastPrinted = now;
                }
                pause(Duration.ofMillis(500));
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
