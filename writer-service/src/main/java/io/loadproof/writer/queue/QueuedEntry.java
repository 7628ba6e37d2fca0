package io.loadproof.writer.queue;

/**
 * One entry of the write stream as a worker holds it.
 *
 * @param id the stream entry id
 * @param message the value of the entry's {@code m} field, or {@code null} when it has none
 */
public record QueuedEntry(String id, String message) {
}
