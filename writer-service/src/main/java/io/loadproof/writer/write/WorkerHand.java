package io.loadproof.writer.write;

import io.loadproof.writer.persistence.RecordEncoder;

/**
 * What one worker holds for itself while the shared beans work for it: its consumer name, the
 * entries MongoDB rejected that it retries, the keeper of its claims, its reusable encoder, and
 * where the claim scan it runs continues.
 */
public final class WorkerHand {

    private final String consumer;
    private final RejectedEntries rejected;
    private final ClaimKeeper keeper;
    private final RecordEncoder encoder;
    /** Where the claim scan under way continues; null when none is. */
    private String claimCursor;

    public WorkerHand(String consumer, RejectedEntries rejected, ClaimKeeper keeper, RecordEncoder encoder) {
        this.consumer = consumer;
        this.rejected = rejected;
        this.keeper = keeper;
        this.encoder = encoder;
    }

    public String consumer() {
        return consumer;
    }

    public RejectedEntries rejected() {
        return rejected;
    }

    public ClaimKeeper keeper() {
        return keeper;
    }

    public RecordEncoder encoder() {
        return encoder;
    }

    public String claimCursor() {
        return claimCursor;
    }

    public void claimCursor(String cursor) {
        claimCursor = cursor;
    }
}
