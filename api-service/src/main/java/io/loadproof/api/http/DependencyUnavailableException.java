package io.loadproof.api.http;

/** A dependency the endpoint needs is down; answered with 503 and the message. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message) {
        super(message, null, false, false);
    }
}
