package io.loadproof.api.queue;

import java.time.Duration;

/** The request cannot be enqueued now; the client should retry after {@link #retryAfter()}. */
public class QueueUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public QueueUnavailableException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
