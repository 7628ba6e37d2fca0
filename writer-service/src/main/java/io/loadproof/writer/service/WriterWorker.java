package io.loadproof.writer.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.loadproof.writer.queue.ClaimedEntries;
import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.queue.WriteStreamConsumer;

/**
 * One consumer of the write stream, on its own platform thread. Each round it gathers a batch
 * (rejected entries whose retry is due, then either one page of a claim scan or new entries) and
 * has it written. Everything it holds, rejected entries included, fits in one batch, so memory
 * stays bounded whatever the backlog or the rejections.
 */
public final class WriterWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(WriterWorker.class);

    /**
     * While a batch fills, the worker looks for more entries this often instead of blocking until
     * the next one: a blocked XREADGROUP returns as soon as one entry arrives, which made about one
     * round trip per entry; polling makes at most 1 + BATCH_TIMEOUT_MS / 10 ms per batch.
     */
    static final Duration FILL_POLL = Duration.ofMillis(10);

    private final WriterContext context;
    private final WriteStreamConsumer queue;
    private final String consumer;
    private final RejectedEntries rejected;
    private final ClaimKeeper keeper;
    private final BatchWriter writer;
    private final PoisonIsolation isolation;
    private final Retrier retrier;
    private final int entriesPerBatch;
    private boolean groupReady;
    /** Where the claim scan under way continues; null when none is. */
    private String claimCursor;

    public WriterWorker(WriterContext context, String consumer) {
        this.context = context;
        this.queue = context.queue();
        this.consumer = consumer;
        this.retrier = context.retrier();
        this.rejected = new RejectedEntries(consumer, retrier, context.config().maxDeliveries(),
                context.config().deadLetterAfter());
        this.keeper = new ClaimKeeper(context, consumer, rejected::release);
        this.writer = new BatchWriter(context, consumer, rejected, keeper);
        this.isolation = new PoisonIsolation(writer::write, writer::deadLetterAfterBug, context.metrics()::bug);
        this.entriesPerBatch = context.entriesPerBatch();
    }

    @Override
    public void run() {
        try {
            while (!context.stop().stopping()) {
                retrier.until(consumer + ": the entries in hand left pending", this::round);
            }
        } catch (GiveUpException e) {
            LOG.warnf("%s: %s", consumer, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return TRUE once a batch was gathered and written; null when Redis failed: what the worker
     *         read stays pending, nothing is lost
     * @throws RuntimeException for a bug outside any one entry's handling (gathering): logged by the caller
     */
    private Boolean round() throws GiveUpException, InterruptedException {
        List<QueuedEntry> batch;
        try {
            if (!groupReady) {
                queue.ensureGroup();
                groupReady = true;
            }
            keeper.keepIfDue(rejected::ids);
            batch = gather();
            context.redis().succeeded();
        } catch (RuntimeException e) {
            return redisFailed(e);
        }
        try {
            isolation.write(batch);
            return Boolean.TRUE;
        } catch (RuntimeException e) {
            return redisFailed(e);
        }
    }

    /** An outage: retried. Anything else is a bug: logged with its trace, and retried under that name. */
    private Boolean redisFailed(RuntimeException e) {
        if (Outages.isOutage(e)) {
            context.redis().failed(e);
        } else {
            LOG.errorf(e, "%s: bug while gathering a batch; what it read stays pending and is retried", consumer);
            context.metrics().bug();
        }
        return null;
    }

    /** Up to one batch: due retries first, then a page of the claim scan under way, or new entries. */
    List<QueuedEntry> gather() throws InterruptedException {
        if (context.stop().stopping()) {
            return List.of();
        }
        List<QueuedEntry> batch = new ArrayList<>(entriesPerBatch);
        batch.addAll(rejected.due());
        int room = entriesPerBatch - rejected.size();
        if (room <= 0 && batch.isEmpty()) {
            context.stop().pause(idleWait());
        } else if (room > 0 && takeGatherTurn(batch.isEmpty())) {
            try {
                gatherMore(batch, room);
            } finally {
                context.turns().gather.unlock();
            }
        }
        return batch;
    }

    /**
     * Waits for the turn to gather when the worker has nothing else to do (no longer than until
     * its next retry is due); with retries due it takes the turn only if it is free, so they go
     * now, alone, rather than after another worker's batch has filled.
     */
    private boolean takeGatherTurn(boolean wait) throws InterruptedException {
        return wait ? context.turns().gather.tryLock(idleWait().toNanos(), TimeUnit.NANOSECONDS)
                : context.turns().gather.tryLock();
    }

    private void gatherMore(List<QueuedEntry> batch, int room) throws InterruptedException {
        if (context.stop().stopping()) {
            return;
        }
        if (claimCursor == null && context.claims().tryStart()) {
            claimCursor = ClaimedEntries.START;
        }
        if (claimCursor != null) {
            batch.addAll(claimPage(room));
        } else {
            readNew(batch, batch.size() + room);
        }
    }

    /**
     * The first read blocks (unless the batch already holds retries); once an entry is in hand the
     * batch fills until it is full or {@code BATCH_TIMEOUT_MS} has passed. With a backlog the first
     * read fills it at once.
     */
    private void readNew(List<QueuedEntry> batch, int limit) throws InterruptedException {
        batch.addAll(queue.readNew(consumer, limit - batch.size(), batch.isEmpty() ? idleWait() : Duration.ZERO));
        if (batch.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + context.config().batchTimeout().toNanos();
        for (long left = deadline - System.nanoTime(); batch.size() < limit && left > 0 && !context.stop().stopping();
                left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, FILL_POLL.toNanos()));
            batch.addAll(queue.readNew(consumer, limit - batch.size(), Duration.ZERO));
        }
    }

    /** How long to wait when there is nothing to do: short enough to retry, and keep claimed, what it holds. */
    private Duration idleWait() {
        Duration wait = context.config().readBlock();
        if (rejected.size() > 0) {
            Duration due = rejected.untilNextDue();
            Duration keep = context.config().claimIdle().dividedBy(3);
            wait = min(wait, min(keep, due.isZero() ? Duration.ofMillis(1) : due));
        }
        return wait;
    }

    /** One page of the claim scan: entries left pending longer than CLAIM_IDLE_MS by any consumer. */
    private List<QueuedEntry> claimPage(int room) {
        ClaimedEntries page = queue.claimIdle(consumer, context.config().claimIdle(), claimCursor, room);
        claimCursor = page.complete() ? null : page.nextCursor();
        if (!page.entries().isEmpty() || page.vanished() > 0) {
            LOG.infof("%s claimed %d entries idle for over %d ms (%d already deleted)", consumer,
                    page.entries().size(), context.config().claimIdle().toMillis(), page.vanished());
            context.metrics().claimed(page.entries().size());
        }
        return page.entries();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
