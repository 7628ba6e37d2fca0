package io.loadproof.model;

import java.time.Instant;

import org.bson.types.ObjectId;

/**
 * One document of a queued request, as it will be stored: {@code _id}, {@code type} "write",
 * {@code index}, {@code payload} and {@code timestamp}.
 */
public record QueuedDocument(ObjectId id, int index, String payload, Instant timestamp) {

    public String type() {
        return MongoNames.WRITE_TYPE;
    }
}
