package io.loadproof.api.queue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.loadproof.api.config.ApiConfig;
import io.loadproof.model.RedisKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Reads the backlog length every {@code api.queue.backlog-refresh} (100 ms by default), so the
 * request path decides on backpressure without a Redis round trip of its own. To the last reading
 * it adds the entries this pod sent that may not be in it (sent since, or still in flight when it
 * was issued), so the requests of this pod cannot push the backlog past the cap while the reading
 * ages: the estimate may run over by the entries in flight, never under. Each probe also tells
 * {@link RedisAvailability} whether Redis answers, so an outage is noticed within 100 ms even
 * when no request comes, and its end as well; while Redis refuses writes, the probe also sends a
 * write that changes nothing, to notice when it takes them again.
 */
@ApplicationScoped
public class BacklogMonitor {

    /**
     * Never set: {@code SET key value XX} on it writes nothing, yet Redis refuses it as it refuses an
     * XADD. At {@code maxmemory} Redis counts the bytes a connection has sent and it has not run yet,
     * so the probe is as large as what a batch of entries puts there (Redis reads 16 KB at a time,
     * and its buffer grows past that): a small probe would pass where a batch does not, and the pod
     * would flap between ready and refused on a Redis that nothing drains.
     */
    static final String WRITE_PROBE_KEY = "api:write_probe";
    private static final String WRITE_PROBE_VALUE = "x".repeat(64 * 1024);
    /** The write probe is large: sent at most this often, and only while Redis refuses writes. */
    private static final Duration WRITE_PROBE_INTERVAL = Duration.ofMillis(500);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    /** A backlog length, and how many of this pod's sends had completed when the XLEN that read it was issued. */
    private record Reading(long backlog, long completedBefore) {
    }

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ReactiveValueCommands<String, String> values;
    private final RedisAvailability availability;
    private final Vertx vertx;
    private final long maxSize;
    private final Duration refreshInterval;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private volatile Reading reading = new Reading(0, 0);
    private long lastWriteProbeNanos;
    private long timerId = -1;

    public BacklogMonitor(ReactiveRedisDataSource redis, RedisAvailability availability, Vertx vertx, ApiConfig config,
            MeterRegistry meters) {
        this.streams = redis.stream(String.class);
        this.values = redis.value(String.class);
        this.availability = availability;
        this.vertx = vertx;
        this.maxSize = config.queue().maxSize();
        this.refreshInterval = config.queue().backlogRefresh();
        Gauge.builder("api.queue.backlog", this, monitor -> monitor.reading.backlog())
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
        return backlog() >= maxSize;
    }

    /** The last reading plus this pod's entries that may not be in it (other pods' show up at the next reading). */
    public long backlog() {
        Reading last = reading;
        return last.backlog() + sent.get() - last.completedBefore();
    }

    public long maxSize() {
        return maxSize;
    }

    /** Called as an entry is sent, before Redis has it: an entry in flight counts against the cap. */
    void entrySent() {
        sent.incrementAndGet();
    }

    /** Called once Redis has answered a send, whatever the answer. */
    void sendCompleted() {
        completed.incrementAndGet();
    }

    void probe() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        long completedBefore = completed.get();
        streams.xlen(RedisKeys.WRITE_STREAM)
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .invoke(length -> {
                    reading = new Reading(length, completedBefore);
                    availability.succeeded();
                })
                .chain(length -> isWriteProbeDue() ? probeWrites() : Uni.createFrom().voidItem())
                .subscribe().with(ignored -> probing.set(false), failure -> {
                    availability.failed(failure);
                    probing.set(false);
                });
    }

    /** Called by one probe at a time. */
    private boolean isWriteProbeDue() {
        long now = System.nanoTime();
        if (availability.writeRefusal() == null || now - lastWriteProbeNanos < WRITE_PROBE_INTERVAL.toNanos()) {
            return false;
        }
        lastWriteProbeNanos = now;
        return true;
    }

    private Uni<Void> probeWrites() {
        long issued = System.nanoTime();
        return values.set(WRITE_PROBE_KEY, WRITE_PROBE_VALUE, new SetArgs().xx())
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .invoke(() -> availability.writeSucceeded(issued))
                .onFailure().invoke(availability::writeFailed)
                .onFailure().recoverWithNull();
    }
}
