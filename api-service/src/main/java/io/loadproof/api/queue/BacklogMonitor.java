package io.loadproof.api.queue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.loadproof.api.config.ApiConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.mutiny.core.Vertx;

/**
 * Reads the backlog length every {@code api.queue.backlog-refresh} (100 ms by default), so the
 * request path decides on backpressure without a Redis round trip of its own. The same probe tells
 * whether Redis answers, which makes requests fail fast while it does not and makes the pod
 * not ready. A refused or broken connection counts at once. A probe that is merely slow (a busy
 * machine) never makes requests fail fast, since each enqueue has its own bound; it makes the pod
 * unready only when no probe has succeeded for {@link #SLOW_OUTAGE_AFTER}.
 */
@ApplicationScoped
public class BacklogMonitor {

    private static final Logger LOG = Logger.getLogger(BacklogMonitor.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    static final Duration SLOW_OUTAGE_AFTER = Duration.ofSeconds(5);

    private enum Reachability { UNKNOWN, REACHABLE, SLOW, UNREACHABLE }

    private final WriteQueue queue;
    private final Vertx vertx;
    private final long maxSize;
    private final Duration refreshInterval;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long backlog;
    private volatile Reachability reachability = Reachability.UNKNOWN;
    private volatile long lastSuccessNanos = System.nanoTime();
    private volatile String lastFailure = "not probed yet";
    private long timerId = -1;

    public BacklogMonitor(WriteQueue queue, Vertx vertx, ApiConfig config, MeterRegistry meters) {
        this.queue = queue;
        this.vertx = vertx;
        this.maxSize = config.queue().maxSize();
        this.refreshInterval = config.queue().backlogRefresh();
        Gauge.builder("api.queue.backlog", this, monitor -> monitor.backlog)
                .description("Unwritten stream entries, as last read by this pod")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        probe();
        timerId = vertx.setPeriodic(Math.max(10, refreshInterval.toMillis()), id -> probe());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** True once the backlog has reached {@code MAX_QUEUE_SIZE}. */
    public boolean isFull() {
        return backlog >= maxSize;
    }

    /** True when the last probe could not connect: before the first probe the request path just tries. */
    public boolean isKnownUnreachable() {
        return reachability == Reachability.UNREACHABLE;
    }

    /** Ready while Redis answers, or has only been slow for less than {@link #SLOW_OUTAGE_AFTER}. */
    public boolean isReachable() {
        return reachability == Reachability.REACHABLE || (reachability == Reachability.SLOW
                && System.nanoTime() - lastSuccessNanos < SLOW_OUTAGE_AFTER.toNanos());
    }

    public String lastFailure() {
        return lastFailure;
    }

    public long backlog() {
        return backlog;
    }

    public long maxSize() {
        return maxSize;
    }

    void probe() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        queue.backlog()
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .subscribe().with(length -> {
                    backlog = length;
                    lastSuccessNanos = System.nanoTime();
                    if (reachability == Reachability.UNKNOWN || reachability == Reachability.UNREACHABLE) {
                        LOG.infof("Redis reachable, backlog %d of %d", length, maxSize);
                    }
                    reachability = Reachability.REACHABLE;
                    probing.set(false);
                }, failure -> {
                    lastFailure = failure.getClass().getSimpleName()
                            + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
                    if (failure instanceof TimeoutException) {
                        if (reachability == Reachability.REACHABLE) {
                            LOG.debugf("Redis is slow: no answer to the backlog probe within %d ms", PROBE_TIMEOUT.toMillis());
                        }
                        if (reachability != Reachability.UNREACHABLE) {
                            reachability = Reachability.SLOW;
                        }
                    } else {
                        if (reachability != Reachability.UNREACHABLE) {
                            LOG.warnf("Redis unreachable (%s); /api/data answers 503 until it returns", lastFailure);
                        }
                        reachability = Reachability.UNREACHABLE;
                    }
                    probing.set(false);
                });
    }
}
