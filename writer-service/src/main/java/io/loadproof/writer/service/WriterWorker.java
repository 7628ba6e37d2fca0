package io.loadproof.writer.service;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.queue.ClaimedEntries;
import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.queue.WriteQueue;

/**
 * One consumer of the write stream, on its own platform thread: gathers a batch (new entries,
 * or entries claimed from a consumer that died), has it written, and starts over. It holds at
 * most one batch, so memory stays bounded whatever the backlog.
 */
public final class WriterWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(WriterWorker.class);

    private final String consumer;
    private final WriteQueue queue;
    private final BatchWriter writer;
    private final ClaimSchedule claims;
    private final WriterMetrics metrics;
    private final Availability redis;
    private final StopSignal stop;
    private final WriterConfig config;
    private final int entriesPerBatch;

    public WriterWorker(String consumer, WriteQueue queue, BatchWriter writer, ClaimSchedule claims,
            WriterMetrics metrics, Availability redis, StopSignal stop, WriterConfig config) {
        this.consumer = consumer;
        this.queue = queue;
        this.writer = writer;
        this.claims = claims;
        this.metrics = metrics;
        this.redis = redis;
        this.stop = stop;
        this.config = config;
        this.entriesPerBatch = Math.max(1, config.batchSize() / QueuedWrite.DOCUMENTS_PER_REQUEST);
    }

    @Override
    public void run() {
        List<QueuedEntry> retry = List.of();
        long backoff = config.retryInitialMs();
        boolean groupReady = false;
        while (!stop.stopping()) {
            try {
                if (!groupReady) {
                    queue.ensureGroup();
                    groupReady = true;
                }
                if (retry.isEmpty() && claims.tryStart()) {
                    claimAbandoned();
                    continue;
                }
                List<QueuedEntry> batch = gather(retry);
                redis.succeeded();
                retry = batch.isEmpty() ? List.of() : writer.write(consumer, batch);
                backoff = config.retryInitialMs();
            } catch (BatchWriter.GiveUpException e) {
                LOG.warnf("%s: %s", consumer, e.getMessage());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // Redis unavailable (or a bug): what this worker read stays pending, nothing is lost.
                redis.failed(e);
                try {
                    if (!stop.pause(backoff)) {
                        break;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(backoff * 2, config.retryMaxMs());
            }
        }
    }

    /**
     * Up to one batch: the entries to retry, then new ones. The first read blocks up to
     * {@code readBlockMs}; once an entry is in hand, the batch fills until it is full or
     * {@code BATCH_TIMEOUT_MS} has passed. With a backlog the first read fills it at once.
     */
    List<QueuedEntry> gather(List<QueuedEntry> retry) {
        List<QueuedEntry> batch = new ArrayList<>(entriesPerBatch);
        batch.addAll(retry);
        if (batch.size() >= entriesPerBatch) {
            return batch;
        }
        if (batch.isEmpty()) {
            batch.addAll(queue.readNew(consumer, entriesPerBatch, config.readBlockMs()));
            if (batch.isEmpty()) {
                return batch;
            }
        }
        long deadline = System.nanoTime() + config.batchTimeoutMs() * 1_000_000;
        while (batch.size() < entriesPerBatch && !stop.stopping()) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs < 1) {
                break;
            }
            List<QueuedEntry> more = queue.readNew(consumer, entriesPerBatch - batch.size(), leftMs);
            if (more.isEmpty()) {
                break;
            }
            batch.addAll(more);
        }
        return batch;
    }

    /** Claims, batch by batch, the entries left pending longer than CLAIM_IDLE_MS, and writes them. */
    private void claimAbandoned() throws BatchWriter.GiveUpException, InterruptedException {
        String cursor = ClaimedEntries.START;
        do {
            ClaimedEntries claimed = queue.claimIdle(consumer, config.claimIdleMs(), cursor, entriesPerBatch);
            if (!claimed.entries().isEmpty() || claimed.vanished() > 0) {
                LOG.infof("%s claimed %d entries idle for over %d ms (%d already deleted)", consumer,
                        claimed.entries().size(), config.claimIdleMs(), claimed.vanished());
                metrics.claimed(claimed.entries().size());
            }
            List<QueuedEntry> retry = claimed.entries();
            while (!retry.isEmpty() && !stop.overdue()) {
                retry = writer.write(consumer, retry);
            }
            cursor = claimed.nextCursor();
        } while (!ClaimedEntries.START.equals(cursor) && !stop.stopping());
    }

    public String consumer() {
        return consumer;
    }
}
