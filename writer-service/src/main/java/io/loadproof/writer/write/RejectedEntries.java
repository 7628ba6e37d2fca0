package io.loadproof.writer.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.resilience.Retries;

/**
 * The entries of one worker that MongoDB rejected (not as duplicates, not in an outage), waiting
 * for another attempt. Each is retried with the writer's backoff, and dead-lettered only once it
 * has been rejected at least {@code MAX_DELIVERIES} times over at least {@code writer.dead-letter-after}:
 * a rejection of the whole collection that lasts a moment sets nothing aside. They count against
 * the worker's batch, so a worker holds at most one batch's worth of entries whatever happens.
 * The worker keeps them claimed; if it stops, they are claimed by another, which starts over.
 */
public final class RejectedEntries {

    private static final Logger LOG = Logger.getLogger(RejectedEntries.class);

    private final String consumer;
    private final Retries retries;
    private final int minAttempts;
    private final long minSpanNanos;
    private final Map<String, Rejection> held = new LinkedHashMap<>();

    public RejectedEntries(String consumer, Retries retries, int minAttempts, Duration minSpan) {
        this.consumer = consumer;
        this.retries = retries;
        this.minAttempts = minAttempts;
        this.minSpanNanos = minSpan.toNanos();
    }

    /**
     * One more rejected attempt of the entry.
     *
     * @return the reason to dead-letter it with, when it has been rejected long enough; otherwise
     *         empty, and it is held for a retry
     */
    public Optional<String> rejected(QueuedEntry entry, String reason) {
        long now = System.nanoTime();
        Rejection previous = held.get(entry.id());
        int attempts = previous == null ? 1 : previous.attempts + 1;
        long firstNanos = previous == null ? now : previous.firstNanos;
        if (attempts >= minAttempts && now - firstNanos >= minSpanNanos) {
            release(entry.id());
            return Optional.of("rejected " + attempts + " times over " + Duration.ofNanos(now - firstNanos).toSeconds()
                    + " s: " + reason);
        }
        if (held.isEmpty()) {
            LOG.warnf("%s: MongoDB rejected documents (%s); retrying them for at least %d s before dead-lettering any",
                    consumer, EntryOutcomes.abbreviate(reason), Duration.ofNanos(minSpanNanos).toSeconds());
        }
        held.put(entry.id(), new Rejection(entry, firstNanos, attempts, now + retries.backoff(attempts).toNanos()));
        return Optional.empty();
    }

    /** The entry was written or dead-lettered (or was never rejected): nothing to hold. */
    public void release(String id) {
        if (held.remove(id) != null) {
            announceIfEmpty();
        }
    }

    /**
     * The entries whose next attempt is due. They stay held (and past due) until {@link #rejected}
     * or {@link #release} settles them, so a round that failed half-way retries them the next.
     */
    public List<QueuedEntry> due() {
        long now = System.nanoTime();
        List<QueuedEntry> due = new ArrayList<>();
        for (Rejection rejection : held.values()) {
            if (now - rejection.dueNanos >= 0) {
                due.add(rejection.entry);
            }
        }
        return due;
    }

    /** Time until the next entry is due; zero when one is, or none is held. */
    public Duration untilNextDue() {
        long now = System.nanoTime();
        long soonest = Long.MAX_VALUE;
        for (Rejection rejection : held.values()) {
            soonest = Math.min(soonest, Math.max(0, rejection.dueNanos - now));
        }
        return soonest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(soonest);
    }

    public int size() {
        return held.size();
    }

    public List<String> ids() {
        return List.copyOf(held.keySet());
    }

    private void announceIfEmpty() {
        if (held.isEmpty()) {
            LOG.infof("%s: no rejected entry is waiting for a retry any more", consumer);
        }
    }

    private record Rejection(QueuedEntry entry, long firstNanos, int attempts, long dueNanos) {
    }
}
