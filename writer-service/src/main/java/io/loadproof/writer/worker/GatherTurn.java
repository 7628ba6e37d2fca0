package io.loadproof.writer.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.inject.Singleton;

/**
 * One worker of the process gathers a batch at a time: while entries trickle in, one batch fills
 * for up to BATCH_TIMEOUT_MS instead of four filling side by side, each a fraction as full (as many
 * more MongoDB commands for the same documents); with a backlog, a full batch is read in
 * milliseconds, far more often than the budget lets batches through.
 */
@Singleton
public class GatherTurn {

    private final ReentrantLock turn = new ReentrantLock(true);

    boolean take(Duration wait) throws InterruptedException {
        return turn.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean takeIfFree() {
        return turn.tryLock();
    }

    void release() {
        turn.unlock();
    }
}
