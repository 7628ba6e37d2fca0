package io.loadproof.writer.queue;

/**
 * One entry of the write stream as a worker holds it.
 *
 * @param id the stream entry id
 * @param message the value of the entry's {@code m} field, or {@code null} when it has none
 * @param deliveries how many times the entry has been handed to a consumer, this time included
 */
public record QueuedEntry(String id, String message, int deliveries) {

    /** The same entry, about to be tried once more by the worker that holds it. */
    public QueuedEntry redelivered() {
        return new QueuedEntry(id, message, deliveries + 1);
    }
}
