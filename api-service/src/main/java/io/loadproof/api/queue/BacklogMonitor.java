package io.loadproof.api.queue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.loadproof.api.config.ApiConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Reads the backlog length every {@code api.queue.backlog-refresh} (100 ms by default), so the
 * request path decides on backpressure without a Redis round trip of its own. Each probe also
 * tells {@link RedisAvailability} whether Redis answers, so an outage is noticed within 100 ms
 * even when no request comes, and its end as well.
 */
@ApplicationScoped
public class BacklogMonitor {

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final WriteStreamProducer queue;
    private final RedisAvailability availability;
    private final Vertx vertx;
    private final long maxSize;
    private final Duration refreshInterval;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long backlog;
    private long timerId = -1;

    public BacklogMonitor(WriteStreamProducer queue, RedisAvailability availability, Vertx vertx, ApiConfig config,
            MeterRegistry meters) {
        this.queue = queue;
        this.availability = availability;
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
                    availability.succeeded();
                    probing.set(false);
                }, failure -> {
                    availability.failed(failure);
                    probing.set(false);
                });
    }
}
