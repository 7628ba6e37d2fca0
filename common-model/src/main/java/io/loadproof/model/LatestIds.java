package io.loadproof.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.bson.types.ObjectId;

/**
 * The value of {@link RedisKeys#READ_CACHE_KEY}: the newest written ids, comma separated. The writer
 * sets it after each batch; the API serves {@code reads} from it.
 */
public final class LatestIds {

    private LatestIds() {
    }

    public static String encode(List<String> hexIds) {
        return String.join(",", hexIds);
    }

    /** Invalid or missing ids are dropped, so a damaged key degrades to fewer reads, never to an error. */
    public static List<String> decode(String value) {
        if (value == null || value.isBlank()) {
            return Collections.emptyList();
        }
        List<String> ids = new ArrayList<>();
        for (String id : value.split(",")) {
            if (ObjectId.isValid(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
