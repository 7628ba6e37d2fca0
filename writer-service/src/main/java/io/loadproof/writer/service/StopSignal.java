package io.loadproof.writer.service;

/**
 * Shared by the workers of one pool: once stopping, they read no more; the batch in flight may be
 * retried until the deadline, after which it is left pending for another writer to claim.
 */
public final class StopSignal {

    private volatile boolean stopping;
    private volatile long deadlineNanos;

    public void stop(long graceMillis) {
        deadlineNanos = System.nanoTime() + graceMillis * 1_000_000;
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }

    /** True once stopping and the grace period is over. */
    public boolean overdue() {
        return stopping && System.nanoTime() - deadlineNanos > 0;
    }

    /** Millis left of the grace period; {@code Long.MAX_VALUE} while not stopping. */
    public long millisLeft() {
        return stopping ? Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000) : Long.MAX_VALUE;
    }

    /** Sleeps up to {@code millis}, less if the grace period ends first. @return false if it ended */
    public boolean pause(long millis) throws InterruptedException {
        long sleep = Math.min(millis, millisLeft());
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        return !overdue();
    }
}
