package io.loadproof.writer.write;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.loadproof.writer.queue.WriteStreamConsumer;
import io.loadproof.writer.resilience.Outages;
import io.loadproof.writer.resilience.QueueAvailability;

/**
 * Keeps the entries one worker holds (a batch it retries through an outage, entries MongoDB
 * rejected) claimed: every {@code CLAIM_IDLE_MS/3} it re-claims them (XCLAIM JUSTID: idle time
 * reset, delivery count untouched), so no other writer claims entries whose holder is alive.
 */
public final class ClaimKeeper {

    private final WriteStreamConsumer queue;
    private final QueueAvailability redis;
    private final String consumer;
    private final Consumer<String> lost;
    private final long everyNanos;
    private long lastNanos = System.nanoTime();

    /**
     * @param every how often: a third of CLAIM_IDLE_MS, so the entries never look idle to a claim scan
     * @param lost told each id that is no longer this consumer's, so the worker stops holding it
     */
    public ClaimKeeper(WriteStreamConsumer queue, QueueAvailability redis, String consumer, Duration every,
            Consumer<String> lost) {
        this.queue = queue;
        this.redis = redis;
        this.consumer = consumer;
        this.lost = lost;
        this.everyNanos = every.toNanos();
    }

    /**
     * Re-claims the ids if the last time was a third of CLAIM_IDLE_MS ago or more. Ids that another
     * consumer claimed meanwhile (this worker was too slow) are left to it and released here.
     */
    public void keepIfDue(Supplier<List<String>> ids) {
        if (System.nanoTime() - lastNanos < everyNanos) {
            return;
        }
        try {
            queue.keepClaimed(consumer, ids.get()).forEach(lost);
            lastNanos = System.nanoTime();
        } catch (RuntimeException e) {
            Outages.rethrowUnlessOutage(e);
            redis.failed(e);
        }
    }
}
