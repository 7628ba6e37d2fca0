package io.loadproof.writer.queue;

import java.util.List;

/**
 * One step of an {@code XAUTOCLAIM} scan.
 *
 * @param nextCursor where the next step starts; {@code "0-0"} when the scan is complete
 * @param entries the entries now owned by the claiming consumer
 * @param vanished pending ids whose entry was already deleted from the stream; they were acknowledged
 */
public record ClaimedEntries(String nextCursor, List<QueuedEntry> entries, int vanished) {

    public static final String START = "0-0";

    public boolean complete() {
        return START.equals(nextCursor);
    }
}
