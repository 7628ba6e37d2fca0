package io.loadproof.api.queue;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XPendingSummary;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/** The numbers an operator needs about the write stream ({@code /api/queue}); never on the request path. */
@ApplicationScoped
public class QueueStatusReader {

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final BacklogMonitor monitor;

    public QueueStatusReader(ReactiveRedisDataSource redis, BacklogMonitor monitor) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.monitor = monitor;
    }

    /**
     * @param maxSize {@code MAX_QUEUE_SIZE}, or null when unset
     * @param memoryLimit Redis' used memory at which the API refuses writes; 0 without a maxmemory
     */
    public record QueueStatus(long backlog, long pending, long consumers, long oldestUnwrittenAgeMillis,
            long deadLetters, Long maxSize, long memoryUsed, long memoryLimit) {
    }

    public Uni<QueueStatus> status() {
        Uni<Long> backlog = streams.xlen(RedisKeys.WRITE_STREAM);
        Uni<Long> pending = streams.xpending(RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP)
                .map(XPendingSummary::getPendingCount)
                .onFailure().recoverWithItem(0L);
        Uni<Long> consumers = redis.execute("XINFO", "GROUPS", RedisKeys.WRITE_STREAM)
                .map(QueueStatusReader::consumersOfWriterGroup)
                .onFailure().recoverWithItem(0L);
        Uni<Long> oldestAgeMillis = streams.xrange(RedisKeys.WRITE_STREAM, StreamRange.of("-", "+"), 1)
                .map(messages -> messages.isEmpty() ? 0L : ageMillis(messages.get(0).id()));
        Uni<Long> deadLetters = streams.xlen(RedisKeys.DEAD_LETTER_STREAM);
        return Uni.combine().all().unis(backlog, pending, consumers, oldestAgeMillis, deadLetters)
                .with((length, unacked, readers, age, dead) -> new QueueStatus(length, unacked, readers, age, dead,
                        monitor.maxSize().isPresent() ? monitor.maxSize().getAsLong() : null,
                        monitor.memoryEstimate(), monitor.memoryLimit()))
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
}
