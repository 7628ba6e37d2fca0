package io.loadproof.api.http;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.loadproof.api.queue.QueueStatusReader.QueueStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code /api/queue}: the write stream as an operator sees it. */
@RegisterForReflection
public record QueueBody(
        long backlog,
        long pending,
        long consumers,
        @JsonProperty("oldest_unwritten_age_ms") long oldestUnwrittenAgeMillis,
        @JsonProperty("dead_letters") long deadLetters,
        @JsonProperty("max_queue_size") Long maxQueueSize,
        @JsonProperty("memory_used_bytes") long memoryUsedBytes,
        @JsonProperty("memory_limit_bytes") long memoryLimitBytes,
        String timestamp) {

    static QueueBody of(QueueStatus status) {
        return new QueueBody(status.backlog(), status.pending(), status.consumers(), status.oldestUnwrittenAgeMillis(),
                status.deadLetters(), status.maxSize(), status.memoryUsed(), status.memoryLimit(), Instant.now().toString());
    }
}
