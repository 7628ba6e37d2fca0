package io.loadproof.api.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.model.LatestIds;
import io.loadproof.model.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * The two-level read cache behind the {@code reads} of {@code /api/data}. Level 1 is this pod's
 * memory, the quarkus-cache {@value #CACHE_NAME} (its entry expires {@code LOCAL_CACHE_TTL_MS} after
 * it was loaded; application.properties); level 2 is the Redis key that the writer refreshes after
 * every batch. MongoDB is never asked: while the key is missing (nothing written yet, or a flush) a
 * request serves its own ids. Every Redis call has a timeout, and no failure reaches the caller: at
 * worst no ids are known.
 */
@ApplicationScoped
public class ReadCache {

    static final String CACHE_NAME = "latest-ids";
    /** The cache holds one entry. */
    static final String KEY = "latest";
    static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    /** Longest a request waits for a cold cache to load; the load goes on for the next requests. */
    static final Duration COLD_LOAD_WAIT = Duration.ofMillis(250);

    private final Cache latestIds;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Counter localHits;
    private final Counter redisHits;
    private final Counter redisMisses;
    private final Counter redisErrors;

    public ReadCache(ReactiveRedisDataSource redis, @CacheName(CACHE_NAME) Cache latestIds, MeterRegistry meters) {
        this.latestIds = latestIds;
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.localHits = meters.counter("api.cache.reads", "level", "local", "result", "hit");
        this.redisHits = meters.counter("api.cache.reads", "level", "redis", "result", "hit");
        this.redisMisses = meters.counter("api.cache.reads", "level", "redis", "result", "miss");
        this.redisErrors = meters.counter("api.cache.reads", "level", "redis", "result", "error");
    }

    /** @param ids the newest written ids known, newest first; empty while none is known */
    public record Reads(List<String> ids, boolean cached) {
    }

    /** Always succeeds, within {@link #COLD_LOAD_WAIT} at worst. */
    public Uni<Reads> reads() {
        CompletableFuture<List<String>> present = latestIds.as(CaffeineCache.class).getIfPresent(KEY);
        boolean warm = present != null && present.isDone();
        return CacheLoads.get(latestIds, KEY, this::loadFromRedis)
                .map(ids -> {
                    if (warm) {
                        localHits.increment();
                    }
                    return new Reads(ids, warm && !ids.isEmpty());
                })
                .ifNoItem().after(COLD_LOAD_WAIT).fail()
                .onFailure().recoverWithItem(() -> new Reads(List.of(), false));
    }

    /**
     * Empties both levels: the Redis key, then this pod's memory (other pods follow within their
     * local TTL). A load begun before is dropped with the entry: a read after the flush loads anew.
     */
    public Uni<Void> flush() {
        return keys.del(RedisKeys.READ_CACHE_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .call(latestIds::invalidateAll)
                .replaceWithVoid();
    }

    /**
     * A failed GET is cached as "no ids known" like a missing key, until the entry expires: an
     * outage costs Redis one GET per pod per local TTL, not one per request.
     */
    private Uni<List<String>> loadFromRedis() {
        return values.get(RedisKeys.READ_CACHE_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .map(value -> {
                    (value == null ? redisMisses : redisHits).increment();
                    return LatestIds.decode(value);
                })
                .onFailure().recoverWithItem(() -> {
                    redisErrors.increment();
                    return List.<String>of();
                });
    }
}
