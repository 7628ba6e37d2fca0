package io.loadproof.model;

/**
 * A stream entry written by a newer codec version than this build knows: not poison, but work for a
 * writer of that version (a rolling upgrade runs both). It is left pending for such a writer to claim.
 */
public class NewerVersionException extends RuntimeException {

    private final int version;

    public NewerVersionException(int version) {
        super("entry of codec version " + version + ", newer than " + QueuedWriteCodec.VERSION);
        this.version = version;
    }

    public int version() {
        return version;
    }
}
