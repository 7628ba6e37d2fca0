package io.loadproof.writer.service;

import java.util.List;
import java.util.function.Supplier;

import io.loadproof.writer.queue.WriteStreamConsumer;

/**
 * Keeps the entries one worker holds (a batch it retries through an outage, entries MongoDB
 * rejected) claimed: every {@code CLAIM_IDLE_MS/3} it re-claims them (XCLAIM JUSTID: idle time
 * reset, delivery count untouched), so no other writer claims entries whose holder is alive.
 */
final class ClaimKeeper {

    private final WriteStreamConsumer queue;
    private final DependencyAvailability redis;
    private final String consumer;
    private final long everyNanos;
    private long lastNanos = System.nanoTime();

    ClaimKeeper(WriterContext context, String consumer) {
        this.queue = context.queue();
        this.redis = context.redis();
        this.consumer = consumer;
        this.everyNanos = context.config().claimIdle().dividedBy(3).toNanos();
    }

    /** Re-claims the ids if the last time was a third of CLAIM_IDLE_MS ago or more. */
    void keepIfDue(Supplier<List<String>> ids) {
        if (System.nanoTime() - lastNanos < everyNanos) {
            return;
        }
        try {
            queue.keepClaimed(consumer, ids.get());
            lastNanos = System.nanoTime();
        } catch (RuntimeException e) {
            redis.failed(e);
        }
    }
}
