package io.loadproof.api.queue;

import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.model.OutageTracker;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Whether Redis can take writes now, from the outcome of every command the request path and the
 * backlog probe send. A refused or broken connection means down at once. A timeout means down only
 * if nothing has succeeded since, for at least {@link #HUNG_AFTER}: a Redis that accepts
 * connections but answers nothing. On a saturated machine commands are slow but keep succeeding,
 * which must never be taken for an outage; our own pool being full is saturation too.
 * <p>
 * A Redis that answers but refuses writes with an error reply (OOM at {@code maxmemory}, READONLY,
 * MISCONF, LOADING) counts as down too, until a write issued at least {@link #REFUSAL_HOLD} after
 * the first refusal succeeds: reads still succeeding say nothing about writes, a write sent before
 * the refusal says nothing about now, and at {@code maxmemory} the writer frees memory a little at
 * a time, so the hold keeps a pod from flapping between 503s and a burst that fills Redis again.
 */
@ApplicationScoped
public class RedisAvailability {

    static final Duration HUNG_AFTER = Duration.ofMillis(500);
    /** How long a slow Redis (timeouts, nothing down) may go without a success before the pod is unready. */
    static final Duration UNREADY_AFTER = Duration.ofSeconds(5);
    /** The Retry-After a refused client gets: asking again sooner would find Redis as full. */
    static final Duration REFUSAL_HOLD = Duration.ofSeconds(1);
    private static final Pattern BATCH_INDEX = Pattern.compile("^ERR \\[\\d+\\] ");

    private volatile long lastSuccessNanos;
    private volatile long lastTimeoutNanos;
    private volatile boolean connectionFailed;
    private volatile String writeRefusal;
    private volatile long refusedSinceNanos;
    private volatile long lastRefusalNanos;
    private volatile boolean everSucceeded;
    /** The outage as the log tells it: one WARN when Redis is known unreachable, one when it is back. */
    private final OutageTracker outages = new OutageTracker("Redis", "/api/data answers 503 until it returns");
    private volatile String lastFailure = "not reached yet";

    /** Any command was answered. */
    public void succeeded() {
        lastSuccessNanos = System.nanoTime();
        everSucceeded = true;
        if (connectionFailed) {
            connectionFailed = false;
        }
        announceIfBack();
    }

    /**
     * A write issued at {@code issuedNanos} ({@link System#nanoTime()}) was accepted. It ends a
     * refusal only if it was issued after the newest refusal came in: one issued before says
     * nothing about now, however late its answer arrives.
     */
    public synchronized void writeSucceeded(long issuedNanos) {
        if (writeRefusal != null && issuedNanos - refusedSinceNanos >= REFUSAL_HOLD.toNanos()
                && issuedNanos - lastRefusalNanos > 0) {
            writeRefusal = null;
        }
        succeeded();
    }

    public void failed(Throwable failure) {
        lastFailure = describe(failure);
        if (isOverload(failure)) {
            lastTimeoutNanos = System.nanoTime();
        } else {
            connectionFailed = true;
        }
        announceIfDown();
    }

    /** A write failed; an error reply means Redis refuses writes, anything else is {@link #failed}. */
    public synchronized void writeFailed(Throwable failure) {
        if (!isErrorReply(failure)) {
            failed(failure);
            return;
        }
        lastFailure = describe(failure);
        lastRefusalNanos = System.nanoTime();
        if (writeRefusal == null) {
            refusedSinceNanos = lastRefusalNanos;
        }
        writeRefusal = errorCode(failure);
        lastSuccessNanos = System.nanoTime();
        announceIfDown();
    }

    /** Fail fast: Redis refused us, refuses writes, or has answered nothing since it started timing out. */
    public boolean isKnownUnreachable() {
        if (connectionFailed || writeRefusal != null) {
            return true;
        }
        long lastSuccess = lastSuccessNanos;
        return lastTimeoutNanos - lastSuccess > 0 && System.nanoTime() - lastSuccess > HUNG_AFTER.toNanos();
    }

    /** The error code (OOM, READONLY, ...) while Redis refuses writes, else null. */
    public String writeRefusal() {
        return writeRefusal;
    }

    /** Ready once Redis has answered, while it takes writes and is not down nor silent for {@link #UNREADY_AFTER}. */
    public boolean isReady() {
        return everSucceeded && !connectionFailed && writeRefusal == null
                && System.nanoTime() - lastSuccessNanos < UNREADY_AFTER.toNanos();
    }

    public String lastFailure() {
        return lastFailure;
    }

    private void announceIfDown() {
        if (isKnownUnreachable()) {
            outages.failed((writeRefusal != null ? "it refuses writes, " : "") + lastFailure);
        }
    }

    private void announceIfBack() {
        if (!outages.available() && !isKnownUnreachable()) {
            outages.succeeded();
        }
    }

    private static boolean isOverload(Throwable failure) {
        return failure instanceof TimeoutException || failure instanceof ConnectionPoolTooBusyException;
    }

    /** Redis answered, with an error: the Vert.x client fails with the reply itself. */
    static boolean isErrorReply(Throwable failure) {
        return failure instanceof Response reply && reply.type() == ResponseType.ERROR;
    }

    /** {@code OOM command not allowed ...} gives {@code OOM}; a batch's failure starts with {@code ERR [index] }. */
    private static String errorCode(Throwable failure) {
        String message = BATCH_INDEX.matcher(String.valueOf(failure.getMessage()).strip()).replaceFirst("");
        int space = message.indexOf(' ');
        return space > 0 ? message.substring(0, space) : message;
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
