package io.loadproof.api.service;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.api.cache.ReadCache;
import io.loadproof.api.config.ApiConfig;
import io.loadproof.api.queue.BacklogMonitor;
import io.loadproof.api.queue.QueueUnavailableException;
import io.loadproof.api.queue.RedisAvailability;
import io.loadproof.api.queue.WriteStreamProducer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * One {@code /api/data} request: five documents enqueued in one stream entry, five reads from the
 * cache. The response waits for Redis to accept the entry and for nothing else.
 */
@ApplicationScoped
public class DataService {

    private final WriteStreamProducer queue;
    private final BacklogMonitor backlog;
    private final RedisAvailability availability;
    private final ReadCache cache;
    private final Duration retryAfter;
    private final Counter queueFullRejections;
    private final Counter redisDownRejections;

    public DataService(WriteStreamProducer queue, BacklogMonitor backlog, RedisAvailability availability, ReadCache cache,
            ApiConfig config, MeterRegistry meters) {
        this.queue = queue;
        this.backlog = backlog;
        this.availability = availability;
        this.cache = cache;
        this.retryAfter = config.queue().retryAfter();
        this.queueFullRejections = meters.counter("api.queue.rejections", "reason", "queue_full");
        this.redisDownRejections = meters.counter("api.queue.rejections", "reason", "redis_unreachable");
    }

    public record DataResult(List<String> reads, List<String> writes, boolean cached) {
    }

    public Uni<DataResult> handle() {
        if (backlog.isFull()) {
            queueFullRejections.increment();
            return Uni.createFrom().failure(new QueueUnavailableException(
                    "write queue is full (" + backlog.backlog() + " of " + backlog.maxSize() + " requests unwritten)",
                    retryAfter));
        }
        if (availability.isKnownUnreachable()) {
            redisDownRejections.increment();
            return Uni.createFrom().failure(new QueueUnavailableException("the queue is unreachable", retryAfter));
        }
        return Uni.combine().all().unis(queue.enqueueNewRequest(), cache.reads())
                .with((writes, reads) -> new DataResult(reads.ids(), writes, reads.cached()));
    }
}
