package io.loadproof.writer.service;

import java.time.Duration;

/**
 * The writer's one way of retrying: an attempt is repeated, with capped exponential backoff
 * between failures, until it succeeds; or, once the pool is stopping, until the grace period is
 * over. Each attempt reports its own failure (and marks the dependency that failed), so this loop
 * knows nothing of MongoDB or Redis.
 */
public final class Retrier {

    /** One try. @return the result, or {@code null} when it failed and is worth another try */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws GiveUpException, InterruptedException;
    }

    private final StopSignal stop;
    private final Duration initial;
    private final Duration max;

    public Retrier(StopSignal stop, Duration initial, Duration max) {
        this.stop = stop;
        this.initial = initial;
        this.max = max;
    }

    /**
     * @param unfinished what is left undone if the grace period ends first (for the log)
     * @param whileWaiting run after each pause (keeping entries claimed during a long outage)
     * @throws GiveUpException when stopping and the grace period is over
     */
    public <T> T until(String unfinished, Attempt<T> attempt, Runnable whileWaiting)
            throws GiveUpException, InterruptedException {
        for (int failures = 1;; failures++) {
            T result = attempt.run();
            if (result != null) {
                return result;
            }
            if (stop.overdue() || !stop.pause(backoff(failures))) {
                throw new GiveUpException(unfinished + ": shutdown grace period over");
            }
            whileWaiting.run();
        }
    }

    public <T> T until(String unfinished, Attempt<T> attempt) throws GiveUpException, InterruptedException {
        return until(unfinished, attempt, () -> {
        });
    }

    /** The pause after {@code failures} failures in a row: the initial one, doubled each time, capped. */
    public Duration backoff(int failures) {
        int doublings = Math.min(failures - 1, 30);
        Duration pause = initial.multipliedBy(1L << doublings);
        return pause.compareTo(max) > 0 || pause.isNegative() ? max : pause;
    }
}
