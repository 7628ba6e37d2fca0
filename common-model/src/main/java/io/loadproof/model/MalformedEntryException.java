package io.loadproof.model;

/** A stream entry that no version of the codec can read; it belongs in the dead-letter stream. */
public class MalformedEntryException extends RuntimeException {

    public MalformedEntryException(String reason) {
        super(reason);
    }
}
