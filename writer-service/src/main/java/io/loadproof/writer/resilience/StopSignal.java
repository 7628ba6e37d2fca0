package io.loadproof.writer.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

/**
 * Shared by the workers of one pool: once stopping, they read no more; the batch in flight may be
 * retried until the deadline, after which it is left pending for another writer to claim.
 */
@Singleton
public class StopSignal {

    private volatile boolean stopping;
    private volatile long deadlineNanos;

    public void stop(Duration grace) {
        deadlineNanos = System.nanoTime() + grace.toNanos();
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }

    /** True once stopping and the grace period is over. */
    public boolean overdue() {
        return stopping && System.nanoTime() - deadlineNanos > 0;
    }

    /** Sleeps up to {@code pause}, less if the grace period ends first. @return false if it ended */
    public boolean pause(Duration pause) throws InterruptedException {
        long sleepNanos = stopping ? Math.min(pause.toNanos(), deadlineNanos - System.nanoTime()) : pause.toNanos();
        if (sleepNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(sleepNanos);
        }
        return !overdue();
    }
}
