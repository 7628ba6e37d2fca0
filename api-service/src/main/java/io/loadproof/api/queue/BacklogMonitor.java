package io.loadproof.api.queue;

import java.time.Duration;
import java.util.OptionalLong;
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
 * Decides when the queue is full, without a Redis round trip on the request path. Every
 * {@code api.queue.backlog-refresh} (100 ms by default) it reads the backlog length and Redis'
 * memory ({@code INFO memory}). The queue is full when Redis' used memory reaches its
 * {@code maxmemory} less {@code QUEUE_MEMORY_RESERVE} (kept for dead letters, the read cache,
 * clients' buffers and scripts), or, if set, when the backlog reaches {@code MAX_QUEUE_SIZE}:
 * the refusal point follows Redis' own limit, so nothing has to be kept in step with it. To the
 * last reading it adds the entries this pod sent that may not be in it (sent since, or still in
 * flight when it was issued), so the requests of this pod cannot push past the point while the
 * reading ages: the estimate may run over by the entries in flight, never under. Each probe also
 * tells {@link RedisAvailability} whether Redis answers, so an outage is noticed within 100 ms
 * even when no request comes, and its end as well; while Redis refuses writes, the probe also
 * sends a write that changes nothing, to notice when it takes them again.
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

    /**
     * What an entry in flight may add to Redis' memory: a version 2 entry takes about 170 bytes in
     * the stream (k8s/redis/configmap.yaml), rounded up for a new stream node's share.
     */
    static final long ENTRY_MEMORY_BYTES = 256;

    /**
     * A backlog length and Redis' memory ({@code maxMemory} 0: no limit), and how many of this pod's
     * sends had completed when the probe that read them was issued.
     */
    private record Reading(long backlog, long usedMemory, long maxMemory, long completedBefore) {
    }

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveRedisDataSource redis;
    private final RedisAvailability availability;
    private final Vertx vertx;
    private final OptionalLong maxSize;
    private final long memoryReserve;
    private final Duration refreshInterval;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private volatile Reading reading = new Reading(0, 0, 0, 0);
    private long lastWriteProbeNanos;
    private long timerId = -1;

    public BacklogMonitor(ReactiveRedisDataSource redis, RedisAvailability availability, Vertx vertx, ApiConfig config,
            MeterRegistry meters) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.values = redis.value(String.class);
        this.availability = availability;
        this.vertx = vertx;
        this.maxSize = config.queue().maxSize();
        this.memoryReserve = config.queue().memoryReserve().asLongValue();
        this.refreshInterval = config.queue().backlogRefresh();
        Gauge.builder("api.queue.backlog", this, monitor -> monitor.reading.backlog())
                .description("Unwritten stream entries, as last read by this pod")
                .register(meters);
        Gauge.builder("api.queue.memory.used.bytes", this, monitor -> monitor.reading.usedMemory())
                .description("Redis' used memory, as last read by this pod").baseUnit("bytes").register(meters);
        Gauge.builder("api.queue.memory.limit.bytes", this, BacklogMonitor::memoryLimit)
                .description("Redis' used memory at which this pod answers 503: maxmemory less QUEUE_MEMORY_RESERVE "
                        + "(0: Redis has no maxmemory)")
                .baseUnit("bytes").register(meters);
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

    /** True once Redis' memory has reached the refusal point, or the backlog {@code MAX_QUEUE_SIZE}. */
    public boolean isFull() {
        return fullness() != null;
    }

    /** Why the queue is full, for the 503's message; null while it is not. */
    public String fullness() {
        long limit = memoryLimit();
        long memory = memoryEstimate();
        if (limit > 0 && memory >= limit) {
            return "Redis holds " + megabytes(memory) + " MB, its limit less the reserve is " + megabytes(limit) + " MB";
        }
        long entries = backlog();
        if (maxSize.isPresent() && entries >= maxSize.getAsLong()) {
            return entries + " of " + maxSize.getAsLong() + " requests unwritten";
        }
        return null;
    }

    /** The last reading plus this pod's entries that may not be in it (other pods' show up at the next reading). */
    public long backlog() {
        Reading last = reading;
        return last.backlog() + sent.get() - last.completedBefore();
    }

    /** Redis' used memory as last read, plus what this pod's entries since may have added. */
    public long memoryEstimate() {
        Reading last = reading;
        return last.usedMemory() + (sent.get() - last.completedBefore()) * ENTRY_MEMORY_BYTES;
    }

    /** The used memory at which the queue is full; 0 when Redis has no maxmemory (then only Redis' own refusals stop it). */
    public long memoryLimit() {
        long max = reading.maxMemory();
        return max == 0 ? 0 : Math.max(1, max - memoryReserve);
    }

    public OptionalLong maxSize() {
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
        Uni.combine().all().unis(streams.xlen(RedisKeys.WRITE_STREAM), redis.execute("INFO", "memory"))
                .asTuple()
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .invoke(read -> {
                    String memory = read.getItem2().toString();
                    reading = new Reading(read.getItem1(), infoField(memory, "used_memory"),
                            infoField(memory, "maxmemory"), completedBefore);
                    availability.succeeded();
                })
                .chain(read -> isWriteProbeDue() ? probeWrites() : Uni.createFrom().voidItem())
                .subscribe().with(ignored -> probing.set(false), failure -> {
                    availability.failed(failure);
                    probing.set(false);
                });
    }

    /** A number of {@code INFO}'s {@code name:value} lines; 0 when it is missing. */
    static long infoField(String info, String name) {
        String prefix = name + ":";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length()).strip());
            }
        }
        return 0;
    }

    private static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
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
