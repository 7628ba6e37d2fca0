package io.loadproof.api.http;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The 200 body of {@code /api/data}, shaped as in the original assessment plus {@code queued} and {@code cached}. */
@RegisterForReflection
public record DataBody(String status, List<String> reads, List<String> writes, String timestamp, boolean queued,
        boolean cached) {

    static DataBody success(List<String> reads, List<String> writes, boolean cached) {
        return new DataBody("success", reads, writes, Instant.now().toString(), true, cached);
    }
}
