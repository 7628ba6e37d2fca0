package io.loadproof.embedded.mongo;

/**
 * Admits at most {@code limit} commands in each wall-clock second. A command over the limit is
 * given a place in the next second that has room and waits for it, as a starved database makes
 * its clients wait.
 */
final class CommandRateLimiter {

    private final int limit;
    private long windowSecond;
    private int admittedInWindow;
    private volatile boolean lifted;

    CommandRateLimiter(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** Blocks until the command may run. */
    void admit() {
        if (lifted) {
            return;
        }
        long waitMillis = reserve(System.currentTimeMillis());
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** No limit from now on. */
    void lift() {
        lifted = true;
    }

    /** @return how long to wait from {@code nowMillis} until the reserved second starts */
    synchronized long reserve(long nowMillis) {
        long second = nowMillis / 1000;
        if (second > windowSecond) {
            windowSecond = second;
            admittedInWindow = 0;
        }
        if (admittedInWindow >= limit) {
            windowSecond++;
            admittedInWindow = 0;
        }
        admittedInWindow++;
        return Math.max(0, windowSecond * 1000 - nowMillis);
    }
}
