package io.loadproof.writer.persistence;

/**
 * MongoDB did not take the batch for a reason that says nothing about the documents: it was
 * unreachable, timed out, or failed the whole command. The batch is retried as a whole, never
 * acknowledged meanwhile, and the attempt does not count as a rejection.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(Throwable cause) {
        super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
}
