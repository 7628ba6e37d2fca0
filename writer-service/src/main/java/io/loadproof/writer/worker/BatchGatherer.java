package io.loadproof.writer.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.queue.ClaimedEntries;
import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.queue.WriteStreamConsumer;
import io.loadproof.writer.resilience.StopSignal;
import io.loadproof.writer.write.WorkerHand;

/**
 * Gathers a worker's next batch: rejected entries whose retry is due, then either one page of a
 * claim scan or new entries, up to {@code BATCH_SIZE / 5} entries in all, so that what a worker
 * holds, rejected entries included, fits in one batch whatever the backlog or the rejections.
 */
@Singleton
public class BatchGatherer {

    private static final Logger LOG = Logger.getLogger(BatchGatherer.class);

    /**
     * While a batch fills, the worker looks for more entries this often instead of blocking until
     * the next one: a blocked XREADGROUP returns as soon as one entry arrives, which made about one
     * round trip per entry; polling makes at most 1 + BATCH_TIMEOUT_MS / 10 ms per batch.
     */
    static final Duration FILL_POLL = Duration.ofMillis(10);

    private final WriteStreamConsumer queue;
    private final GatherTurn turn;
    private final ClaimSchedule claims;
    private final StopSignal stop;
    private final WriterMetrics metrics;
    private final int entriesPerBatch;
    private final Duration batchTimeout;
    private final Duration readBlock;
    private final Duration claimIdle;

    public BatchGatherer(WriteStreamConsumer queue, GatherTurn turn, ClaimSchedule claims, StopSignal stop,
            WriterMetrics metrics, WriterConfig config) {
        this.queue = queue;
        this.turn = turn;
        this.claims = claims;
        this.stop = stop;
        this.metrics = metrics;
        this.entriesPerBatch = config.entriesPerBatch();
        this.batchTimeout = config.batchTimeout();
        this.readBlock = config.readBlock();
        this.claimIdle = config.claimIdle();
    }

    /** Up to one batch: due retries first, then a page of the claim scan under way, or new entries. */
    List<QueuedEntry> gather(WorkerHand hand) throws InterruptedException {
        if (stop.stopping()) {
            return List.of();
        }
        List<QueuedEntry> batch = new ArrayList<>(entriesPerBatch);
        batch.addAll(hand.rejected().due());
        int room = entriesPerBatch - hand.rejected().size();
        if (room <= 0 && batch.isEmpty()) {
            stop.pause(idleWait(hand));
        } else if (room > 0 && takeTurn(hand, batch.isEmpty())) {
            try {
                gatherMore(hand, batch, room);
            } finally {
                turn.release();
            }
        }
        return batch;
    }

    /**
     * Waits for the turn to gather when the worker has nothing else to do (no longer than until
     * its next retry is due); with retries due it takes the turn only if it is free, so they go
     * now, alone, rather than after another worker's batch has filled.
     */
    private boolean takeTurn(WorkerHand hand, boolean wait) throws InterruptedException {
        return wait ? turn.take(idleWait(hand)) : turn.takeIfFree();
    }

    private void gatherMore(WorkerHand hand, List<QueuedEntry> batch, int room) throws InterruptedException {
        if (stop.stopping()) {
            return;
        }
        if (hand.claimCursor() == null && claims.tryStart()) {
            hand.claimCursor(ClaimedEntries.START);
        }
        if (hand.claimCursor() != null) {
            batch.addAll(claimPage(hand, room));
        } else {
            readNew(hand, batch, batch.size() + room);
        }
    }

    /**
     * The first read blocks (unless the batch already holds retries); once an entry is in hand the
     * batch fills until it is full or {@code BATCH_TIMEOUT_MS} has passed. With a backlog the first
     * read fills it at once.
     */
    private void readNew(WorkerHand hand, List<QueuedEntry> batch, int limit) throws InterruptedException {
        String consumer = hand.consumer();
        batch.addAll(queue.readNew(consumer, limit - batch.size(), batch.isEmpty() ? idleWait(hand) : Duration.ZERO));
        if (batch.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + batchTimeout.toNanos();
        for (long left = deadline - System.nanoTime(); batch.size() < limit && left > 0 && !stop.stopping();
                left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, FILL_POLL.toNanos()));
            batch.addAll(queue.readNew(consumer, limit - batch.size(), Duration.ZERO));
        }
    }

    /** How long to wait when there is nothing to do: short enough to retry, and keep claimed, what it holds. */
    Duration idleWait(WorkerHand hand) {
        Duration wait = readBlock;
        if (hand.rejected().size() > 0) {
            Duration due = hand.rejected().untilNextDue();
            Duration keep = claimIdle.dividedBy(3);
            wait = min(wait, min(keep, due.isZero() ? Duration.ofMillis(1) : due));
        }
        return wait;
    }

    /** One page of the claim scan: entries left pending longer than CLAIM_IDLE_MS by any consumer. */
    private List<QueuedEntry> claimPage(WorkerHand hand, int room) {
        ClaimedEntries page = queue.claimIdle(hand.consumer(), claimIdle, hand.claimCursor(), room);
        hand.claimCursor(page.complete() ? null : page.nextCursor());
        if (!page.entries().isEmpty() || page.vanished() > 0) {
            LOG.infof("%s claimed %d entries idle for over %d ms (%d already deleted)", hand.consumer(),
                    page.entries().size(), claimIdle.toMillis(), page.vanished());
            metrics.claimed(page.entries().size());
        }
        return page.entries();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
