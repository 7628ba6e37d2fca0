package io.loadproof.api.http;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON bodies of the API, shaped as in the original assessment (extra fields are allowed). */
public final class ApiResponses {

    private ApiResponses() {
    }

    static String now() {
        return Instant.now().toString();
    }

    @RegisterForReflection
    public record Data(String status, List<String> reads, List<String> writes, String timestamp, boolean queued,
            boolean cached) {
    }

    @RegisterForReflection
    public record Error(String status, String message) {
        static Error of(String message) {
            return new Error("error", message);
        }
    }

    @RegisterForReflection
    public record Stats(@JsonProperty("total_documents") long totalDocuments, String timestamp) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Probe(String status, String timestamp, String reason) {
    }

    @RegisterForReflection
    public record Queue(
            long backlog,
            long pending,
            long consumers,
            @JsonProperty("oldest_unwritten_age_ms") long oldestUnwrittenAgeMillis,
            @JsonProperty("dead_letters") long deadLetters,
            @JsonProperty("max_queue_size") long maxQueueSize,
            String timestamp) {
    }

    @RegisterForReflection
    public record Flushed(String status, String timestamp) {
    }
}
