package io.loadproof.lab.run;

import java.time.Duration;
import java.util.Optional;

import io.loadproof.embedded.RespClient;
import io.loadproof.model.RedisKeys;

/** Waits, with a bound, until the writers have emptied the stream: no entry left, none pending. */
public final class Drain {

    private Drain() {
    }

    /** @return how long the drain took, or empty if the backlog was not empty by the deadline */
    public static Optional<Duration> await(LabEnvironment lab, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long lastPrinted = 0;
        try (RespClient redis = lab.redis()) {
            while (true) {
                long backlog = redis.callLong("XLEN", RedisKeys.WRITE_STREAM);
                long pending = Sampler.pendingOf(redis.call("XPENDING", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP));
                long now = System.nanoTime();
                if (backlog == 0 && pending == 0) {
                    return Optional.of(Duration.ofNanos(now - started));
                }
                if (now > deadline) {
                    Console.warn(String.format("backlog not drained within %d s: %,d entries left (%,d pending)",
                            timeout.toSeconds(), backlog, pending));
                    return Optional.empty();
                }
                if (now - lastPrinted > Duration.ofSeconds(5).toNanos()) {
                    Console.info(String.format("draining: %,d entries left (%,d pending)", backlog, pending));
                    lastPrinted = now;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
