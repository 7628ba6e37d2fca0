package io.loadproof.writer.cache;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.loadproof.model.LatestIds;
import io.loadproof.model.RedisKeys;
import io.loadproof.writer.config.WriterConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Publishes the newest written ids to the read-cache key the API serves {@code reads} from, so the
 * API never has to query MongoDB for reads.
 */
@Singleton
public class LatestIdsPublisher {

    private final ValueCommands<String, String> values;
    private final String key;
    private final long ttlSeconds;

    /** The key lives {@code CACHE_TTL} after each batch refreshed it. */
    @Inject
    public LatestIdsPublisher(RedisDataSource redis, WriterConfig config) {
        this(redis, config.cacheTtl());
    }

    public LatestIdsPublisher(RedisDataSource redis, Duration ttl) {
        this.values = redis.value(String.class, String.class);
        this.key = RedisKeys.READ_CACHE_KEY;
        this.ttlSeconds = ttl.toSeconds();
    }

    /** SET key ids EX ttl, the ids in {@link LatestIds} format. */
    public void publish(List<String> newestHexIds) {
        if (!newestHexIds.isEmpty()) {
            values.setex(key, ttlSeconds, LatestIds.encode(newestHexIds));
        }
    }
}
