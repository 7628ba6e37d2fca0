package io.loadproof.api.http;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of a successful cache flush. */
@RegisterForReflection
public record FlushedBody(String status, String timestamp) {

    static FlushedBody now() {
        return new FlushedBody("flushed", Instant.now().toString());
    }
}
