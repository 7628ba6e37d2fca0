package io.loadproof.embedded.mongo;

import java.util.concurrent.TimeUnit;

/**
 * Stores at most {@code perSecond} documents a second, as a MongoDB whose disk is the bottleneck:
 * an insert of n documents occupies n / perSecond seconds of the server's time, after the inserts
 * admitted before it, and its reply waits until that time is over. Nothing is refused. Lifted, it
 * lets every waiting insert go at once, as a node that has caught up.
 */
final class DocumentRateLimiter {

    private final int perSecond;
    private long busyUntilNanos = System.nanoTime();
    private boolean lifted;

    DocumentRateLimiter(int perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("documents per second must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    int perSecond() {
        return perSecond;
    }

    /** Blocks until {@code documents} more documents may be stored. */
    synchronized void admit(int documents) {
        if (lifted || documents <= 0) {
            return;
        }
        busyUntilNanos = Math.max(busyUntilNanos, System.nanoTime())
                + TimeUnit.SECONDS.toNanos(documents) / perSecond;
        long until = busyUntilNanos;
        try {
            for (long left = until - System.nanoTime(); !lifted && left > 0; left = until - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean isLifted() {
        return lifted;
    }

    /** No limit from now on; the inserts waiting go at once. */
    synchronized void lift() {
        lifted = true;
        notifyAll();
    }
}
