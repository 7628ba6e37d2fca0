package io.loadproof.api.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import io.loadproof.api.config.ApiConfig;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * The write stream, seen from the API: one {@code XADD} per request, never trimmed, sent only
 * while Redis takes writes and the queue is not full ({@link BacklogMonitor}), checked both when the
 * request arrives and when its turn to be sent comes; the XADDs of one event-loop turn go to Redis
 * together ({@link XaddBatcher}).
 */
@ApplicationScoped
public class WriteStreamProducer {

    private static final String UNREACHABLE = "the queue is unreachable";

    private final XaddBatcher batcher;
    private final RedisAvailability availability;
    private final BacklogMonitor backlog;
    private final EnqueueGate gate;
    private final Duration enqueueTimeout;
    private final Duration admissionTimeout;
    private final Duration retryAfter;
    private final Timer enqueueLatency;
    private final Counter queueFullRejections;
    private final Counter redisDownRejections;
    private final Counter writesRefusedRejections;
    private final Counter replicasBehindRejections;

    public WriteStreamProducer(ReactiveRedisDataSource redis, RedisAvailability availability, BacklogMonitor backlog,
            ApiConfig config, MeterRegistry meters) {
        this.batcher = new XaddBatcher(redis.getRedis(), config.queue().minReplicas(),
                config.queue().replicaWaitTimeout());
        this.availability = availability;
        this.backlog = backlog;
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
        this.queueFullRejections = meters.counter("api.queue.rejections", "reason", "queue_full");
        this.redisDownRejections = meters.counter("api.queue.rejections", "reason", "redis_unreachable");
        this.writesRefusedRejections = meters.counter("api.queue.rejections", "reason", "redis_refusing_writes");
        this.replicasBehindRejections = meters.counter("api.queue.rejections", "reason", "replicas_behind");
    }

    /**
     * Enqueues a new request: its five documents are made when its turn comes (so a request waiting
     * for its turn holds nothing) and appended as one entry of 153 bytes: the ids, the timestamp and
     * a random seed, from which the writer generates the payloads. The returned Uni gives the
     * documents' ids once Redis has accepted the entry, and fails with
     * {@link QueueUnavailableException} otherwise: within the enqueue timeout once the entry is
     * sent, at once when Redis is known to be down or to refuse writes, or the backlog is full.
     */
    public Uni<List<String>> enqueueNewRequest() {
        String refusal = refusal(0);
        if (refusal != null) {
            return Uni.createFrom().failure(unavailable(refusal));
        }
        return gate.submit(this::sendNewEntry, this::unavailable);
    }

    private Uni<List<String>> sendNewEntry() {
        List<ObjectId> ids = new ArrayList<>(QueuedWrite.DOCUMENTS_PER_REQUEST);
        for (int i = 0; i < QueuedWrite.DOCUMENTS_PER_REQUEST; i++) {
            ids.add(new ObjectId());
        }
        byte[] entry = QueuedWriteCodec.encodeNew(Instant.now(), ids, ThreadLocalRandom.current().nextLong());
        backlog.entrySent();
        return send(entry).map(entryId -> hex(ids));
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
        return batcher.append(entry)
                .ifNoItem().after(enqueueTimeout).fail()
                .onItemOrFailure().transformToUni((id, failure) -> {
                    enqueueLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    backlog.sendCompleted();
                    if (failure instanceof ReplicasBehindException behind) {
                        // Redis took the entries: only the replicas are late.
                        availability.writeSucceeded(started);
                        replicasBehindRejections.increment();
                        return Uni.createFrom().failure(unavailable(behind.getMessage()));
                    }
                    if (failure != null) {
                        availability.writeFailed(failure);
                        return Uni.createFrom().failure(unavailable(reasonFor(failure)));
                    }
                    availability.writeSucceeded(started);
                    return Uni.createFrom().item(id);
                });
    }

    private String reasonFor(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "the queue did not accept the write within " + enqueueTimeout.toMillis() + " ms";
        }
        return RedisAvailability.isErrorReply(failure) ? refusingWrites(availability.writeRefusal()) : UNREACHABLE;
    }

    /** Why a request may not be sent now, counted by reason; null when it may. */
    private String refusal(long waitedNanos) {
        if (availability.isKnownUnreachable()) {
            String code = availability.writeRefusal();
            (code == null ? redisDownRejections : writesRefusedRejections).increment();
            return code == null ? UNREACHABLE : refusingWrites(code);
        }
        String full = backlog.fullness();
        if (full != null) {
            queueFullRejections.increment();
            return "write queue is full (" + full + ")";
        }
        if (waitedNanos > admissionTimeout.toNanos()) {
            return "overloaded: no turn to enqueue within " + admissionTimeout.toMillis() + " ms";
        }
        return null;
    }

    private static String refusingWrites(String code) {
        return "the queue refuses writes (" + code + ")";
    }

    private QueueUnavailableException unavailable(String reason) {
        return new QueueUnavailableException(reason, retryAfter);
    }
}
