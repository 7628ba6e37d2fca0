package io.loadproof.api.http;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code /api/stats}, as in the original assessment. */
@RegisterForReflection
public record StatsBody(@JsonProperty("total_documents") long totalDocuments, String timestamp) {

    static StatsBody of(long totalDocuments) {
        return new StatsBody(totalDocuments, Instant.now().toString());
    }
}
