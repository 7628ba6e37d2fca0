package io.loadproof.writer.resilience;

/**
 * Shutting down, the grace period ended before the work in hand was finished: what is not
 * acknowledged stays pending, for another writer to claim.
 */
public final class GiveUpException extends Exception {

    public GiveUpException(String message) {
        super(message);
    }
}
