package io.loadproof.api.http;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code /healthz} and {@code /readyz}; {@code reason} only when not ready. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeBody(String status, String timestamp, String reason) {

    static ProbeBody of(String status, String reason) {
        return new ProbeBody(status, Instant.now().toString(), reason);
    }
}
