package io.loadproof.writer.persistence;

import java.util.Map;

/**
 * What MongoDB acknowledged of one insertMany.
 *
 * @param documents documents sent
 * @param duplicates documents that were already stored (E11000 on {@code _id}): written before, so written
 * @param rejected documents MongoDB refused for another reason: position in the batch to the reason
 */
public record InsertResult(int documents, int duplicates, Map<Integer, String> rejected) {

    public InsertResult {
        rejected = Map.copyOf(rejected);
    }
}
