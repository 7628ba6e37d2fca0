package io.loadproof.writer.resilience;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.loadproof.writer.config.WriterConfig;
import io.smallrye.mutiny.Uni;

/**
 * The writer's one way of retrying, with Mutiny's retry operator: an attempt that fails with an
 * outage ({@link Outages}) is repeated after a pause of {@code writer.retry-initial}, doubled after
 * each failure up to {@code writer.retry-max}, until it succeeds; any other failure (a bug) goes
 * straight to the caller. Once the pool is stopping and its grace period is over, the next
 * attempt gives up instead, leaving the work pending in Redis for another writer.
 */
@Singleton
public class Retries {

    private final StopSignal stop;
    private final Duration initial;
    private final Duration max;

    @Inject
    public Retries(StopSignal stop, WriterConfig config) {
        this(stop, config.retryInitial(), config.retryMax());
    }

    public Retries(StopSignal stop, Duration initial, Duration max) {
        this.stop = stop;
        this.initial = initial;
        this.max = max;
    }

    /**
     * @param unfinished what is left undone if the grace period ends first (for the log)
     * @param beforeRetry run before each attempt after the first (keeping entries claimed through a long outage)
     * @throws GiveUpException when stopping and the grace period is over
     */
    public <T> T untilDone(String unfinished, Supplier<T> attempt, Runnable beforeRetry)
            throws GiveUpException, InterruptedException {
        boolean[] retrying = new boolean[1];
        try {
            return Uni.createFrom().item(() -> {
                if (stop.overdue()) {
                    throw new Overdue();
                }
                if (retrying[0]) {
                    beforeRetry.run();
                }
                retrying[0] = true;
                return attempt.get();
            }).onFailure(Outages::isOutage).retry().withJitter(0).withBackOff(initial, max).indefinitely()
                    .await().indefinitely();
        } catch (Overdue e) {
            throw new GiveUpException(unfinished + ": shutdown grace period over");
        } catch (CompletionException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw e;
        }
    }

    public <T> T untilDone(String unfinished, Supplier<T> attempt) throws GiveUpException, InterruptedException {
        return untilDone(unfinished, attempt, () -> {
        });
    }

    /** The pause after {@code failures} failures in a row: the initial one, doubled each time, capped. */
    public Duration backoff(int failures) {
        int doublings = Math.min(failures - 1, 30);
        Duration pause = initial.multipliedBy(1L << doublings);
        return pause.compareTo(max) > 0 || pause.isNegative() ? max : pause;
    }

    /** The attempt found the grace period over: not an outage, so the retry operator lets it through. */
    private static final class Overdue extends RuntimeException {
        Overdue() {
            super(null, null, false, false);
        }
    }
}
