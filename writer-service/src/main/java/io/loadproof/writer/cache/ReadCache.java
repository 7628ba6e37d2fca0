package io.loadproof.writer.cache;

import java.util.List;

import io.loadproof.model.LatestIds;
import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * The facade over the read-cache key the API serves {@code reads} from: after each written batch
 * it holds the newest ids, so the API never has to query MongoDB for reads.
 */
public final class ReadCache {

    private final ValueCommands<String, String> values;
    private final String key;
    private final long ttlSeconds;

    public ReadCache(RedisDataSource redis, long ttlSeconds) {
        this(redis, RedisKeys.READ_CACHE_KEY, ttlSeconds);
    }

    public ReadCache(RedisDataSource redis, String key, long ttlSeconds) {
        this.values = redis.value(String.class, String.class);
        this.key = key;
        this.ttlSeconds = ttlSeconds;
    }

    /** SET key ids EX ttl, the ids in {@link LatestIds} format. */
    public void publish(List<String> newestHexIds) {
        if (!newestHexIds.isEmpty()) {
            values.setex(key, ttlSeconds, LatestIds.encode(newestHexIds));
        }
    }
}
