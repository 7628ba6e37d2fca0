package io.loadproof.writer.service;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the workers of one process do one at a time, so that the drain is steady instead of
 * bursty: on 2 cores shared with the API, four workers reading, then decoding 1000 documents
 * each, all at once, can take both cores for a moment and then idle.
 */
public final class WorkerTurns {

    /**
     * One worker gathers a batch at a time: while entries trickle in, one batch fills for up to
     * BATCH_TIMEOUT_MS instead of four filling side by side, each a fraction as full (as many more
     * MongoDB commands for the same documents); with a backlog, a full batch is read in
     * milliseconds, far more often than the budget lets batches through.
     */
    final ReentrantLock gather = new ReentrantLock(true);

    /** One worker decodes and encodes a batch at a time: at most one core, far more batches a second than the budget. */
    final Semaphore decode = new Semaphore(1, true);
}
