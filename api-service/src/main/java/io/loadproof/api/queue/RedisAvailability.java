package io.loadproof.api.queue;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * Whether Redis can take writes now, from the outcome of every command the request path and the
 * backlog probe send. A refused or broken connection means down at once. A timeout means down only
 * if nothing has succeeded since, for at least {@link #HUNG_AFTER}: a Redis that accepts
 * connections but answers nothing. On a saturated machine commands are slow but keep succeeding,
 * which must never be taken for an outage; our own pool being full is saturation too.
 */
@ApplicationScoped
public class RedisAvailability {

    static final Duration HUNG_AFTER = Duration.ofMillis(500);
    /** How long a slow Redis (timeouts, nothing down) may go without a success before the pod is unready. */
    static final Duration UNREADY_AFTER = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(RedisAvailability.class);

    private volatile long lastSuccessNanos;
    private volatile long lastTimeoutNanos;
    private volatile boolean connectionFailed;
    private volatile boolean everSucceeded;
    private volatile boolean announcedDown;
    private volatile String lastFailure = "not reached yet";

    public void succeeded() {
        lastSuccessNanos = System.nanoTime();
        if (!everSucceeded) {
            everSucceeded = true;
        }
        if (connectionFailed) {
            connectionFailed = false;
        }
        if (announcedDown) {
            announcedDown = false;
            LOG.info("Redis answers again: /api/data accepts requests");
        }
    }

    public void failed(Throwable failure) {
        lastFailure = describe(failure);
        if (isOverload(failure)) {
            lastTimeoutNanos = System.nanoTime();
        } else {
            connectionFailed = true;
        }
        if (!announcedDown && isKnownUnreachable()) {
            announcedDown = true;
            LOG.warnf("Redis unreachable (%s): /api/data answers 503 until it returns", lastFailure);
        }
    }

    /** Requests should fail fast: Redis refused us, or has answered nothing since it started timing out. */
    public boolean isKnownUnreachable() {
        if (connectionFailed) {
            return true;
        }
        long lastSuccess = lastSuccessNanos;
        return lastTimeoutNanos - lastSuccess > 0 && System.nanoTime() - lastSuccess > HUNG_AFTER.toNanos();
    }

    /** Ready once Redis has answered, while it is neither refusing nor silent for {@link #UNREADY_AFTER}. */
    public boolean isReady() {
        return everSucceeded && !connectionFailed && System.nanoTime() - lastSuccessNanos < UNREADY_AFTER.toNanos();
    }

    public String lastFailure() {
        return lastFailure;
    }

    private static boolean isOverload(Throwable failure) {
        return failure instanceof TimeoutException || failure instanceof ConnectionPoolTooBusyException;
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
