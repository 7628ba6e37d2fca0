package io.loadproof.api.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import io.loadproof.api.config.ApiConfig;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XPendingSummary;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The write stream, seen from the API: one {@code XADD} per request, never trimmed, and the
 * numbers an operator needs about the backlog.
 */
@ApplicationScoped
public class WriteStreamProducer {

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final ReactiveStreamCommands<String, String, byte[]> entries;
    private final RedisAvailability availability;
    private final EnqueueGate gate;
    private final Duration enqueueTimeout;
    private final Duration admissionTimeout;
    private final Duration retryAfter;
    private final Timer enqueueLatency;

    public WriteStreamProducer(ReactiveRedisDataSource redis, RedisAvailability availability, ApiConfig config,
            MeterRegistry meters) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.entries = redis.stream(String.class, String.class, byte[].class);
        this.availability = availability;
        this.enqueueTimeout = config.queue().enqueueTimeout();
        this.admissionTimeout = config.queue().admissionTimeout();
        this.retryAfter = config.queue().retryAfter();
        this.gate = new EnqueueGate(config.queue().maxInFlight(), this::refusal);
        this.enqueueLatency = Timer.builder("api.enqueue.latency")
                .description("Time for Redis to accept one request's entry, once sent")
                .publishPercentileHistogram()
                .register(meters);
        Gauge.builder("api.enqueue.waiting", gate, EnqueueGate::waiting)
                .description("Requests waiting for their turn to enqueue")
                .register(meters);
    }

    /**
     * Enqueues a new request: its five documents are made when its turn comes (so a request waiting
     * for its turn holds no payload) and appended as one entry. The returned Uni gives the
     * documents' ids once Redis has accepted the entry, and fails with
     * {@link QueueUnavailableException} otherwise: within the enqueue timeout once the entry is
     * sent, at once when Redis is known to be down.
     */
    public Uni<List<String>> enqueueNewRequest() {
        return gate.submit(() -> {
            List<ObjectId> ids = new ArrayList<>(QueuedWrite.DOCUMENTS_PER_REQUEST);
            for (int i = 0; i < QueuedWrite.DOCUMENTS_PER_REQUEST; i++) {
                ids.add(new ObjectId());
            }
            byte[] entry = QueuedWriteCodec.encodeNew(Instant.now(), ids, ThreadLocalRandom.current());
            return send(entry).map(entryId -> hex(ids));
        }, reason -> new QueueUnavailableException(reason, retryAfter));
    }

    private static List<String> hex(List<ObjectId> ids) {
        List<String> hex = new ArrayList<>(ids.size());
        for (ObjectId id : ids) {
            hex.add(id.toHexString());
        }
        return hex;
    }

    private Uni<String> send(byte[] entry) {
        long started = System.nanoTime();
        return entries.xadd(RedisKeys.WRITE_STREAM, Map.of(RedisKeys.ENTRY_FIELD, entry))
                .ifNoItem().after(enqueueTimeout).fail()
                .onItemOrFailure().transformToUni((id, failure) -> {
                    enqueueLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    if (failure != null) {
                        availability.failed(failure);
                        String reason = failure instanceof TimeoutException
                                ? "the queue did not accept the write within " + enqueueTimeout.toMillis() + " ms"
                                : "the queue is unreachable";
                        return Uni.createFrom().failure(new QueueUnavailableException(reason, retryAfter));
                    }
                    availability.succeeded();
                    return Uni.createFrom().item(id);
                });
    }

    private String refusal(long waitedNanos) {
        if (availability.isKnownUnreachable()) {
            return "the queue is unreachable";
        }
        if (waitedNanos > admissionTimeout.toNanos()) {
            return "overloaded: no turn to enqueue within " + admissionTimeout.toMillis() + " ms";
        }
        return null;
    }

    /** Entries not yet written: the writer deletes an entry once MongoDB has it. */
    public Uni<Long> backlog() {
        return streams.xlen(RedisKeys.WRITE_STREAM);
    }

    public Uni<QueueStatus> status(long maxSize) {
        Uni<Long> backlog = backlog();
        Uni<Long> pending = streams.xpending(RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP)
                .map(XPendingSummary::getPendingCount)
                .onFailure().recoverWithItem(0L);
        Uni<Long> consumers = redis.execute("XINFO", "GROUPS", RedisKeys.WRITE_STREAM)
                .map(WriteStreamProducer::consumersOfWriterGroup)
                .onFailure().recoverWithItem(0L);
        Uni<Long> oldestAgeMillis = streams.xrange(RedisKeys.WRITE_STREAM, StreamRange.of("-", "+"), 1)
                .map(messages -> messages.isEmpty() ? 0L : ageMillis(messages.get(0).id()));
        Uni<Long> deadLetters = streams.xlen(RedisKeys.DEAD_LETTER_STREAM);
        return Uni.combine().all().unis(backlog, pending, consumers, oldestAgeMillis, deadLetters)
                .with(results -> new QueueStatus((Long) results.get(0), (Long) results.get(1), (Long) results.get(2),
                        (Long) results.get(3), (Long) results.get(4), maxSize))
                .ifNoItem().after(STATUS_TIMEOUT).fail();
    }

    private static long consumersOfWriterGroup(Response groups) {
        if (groups == null) {
            return 0;
        }
        for (Response group : groups) {
            Response name = group.get("name");
            if (name != null && RedisKeys.WRITER_GROUP.equals(name.toString())) {
                return group.get("consumers").toLong();
            }
        }
        return 0;
    }

    /** A stream entry id starts with the millisecond it was added: {@code <millis>-<sequence>}. */
    static long ageMillis(String entryId) {
        long addedAt = Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
        return Math.max(0, Instant.now().toEpochMilli() - addedAt);
    }

    public record QueueStatus(long backlog, long pending, long consumers, long oldestUnwrittenAgeMillis,
            long deadLetters, long maxSize) {
    }
}
