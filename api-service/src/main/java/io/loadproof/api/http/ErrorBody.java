package io.loadproof.api.http;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every error of the API: {@code {"status":"error","message":...}}. */
@RegisterForReflection
public record ErrorBody(String status, String message) {

    static ErrorBody of(String message) {
        return new ErrorBody("error", message);
    }
}
