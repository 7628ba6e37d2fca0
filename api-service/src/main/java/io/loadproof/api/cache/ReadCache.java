package io.loadproof.api.cache;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.api.config.ApiConfig;
import io.loadproof.model.LatestIds;
import io.loadproof.model.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * The two-level read cache behind the {@code reads} of {@code /api/data}. Level 1 is this pod's
 * memory, reloaded from level 2 at most every {@code api.cache.local-ttl}; level 2 is the Redis key
 * that the writer refreshes after every batch. MongoDB is never asked: while the key is missing
 * (nothing written yet, or a flush) a request serves its own ids. Every Redis call has a timeout,
 * and no failure reaches the caller: at worst no ids are known.
 */
@ApplicationScoped
public class ReadCache {

    static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    /** Longest a request waits for a cold cache to load; the load goes on for the next requests. */
    static final Duration COLD_LOAD_WAIT = Duration.ofMillis(250);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final RefreshingValue<List<String>> latestIds;
    private final Counter localHits;
    private final Counter redisHits;
    private final Counter redisMisses;
    private final Counter redisErrors;

    public ReadCache(ReactiveRedisDataSource redis, ApiConfig config, MeterRegistry meters) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        // The GET's own timeout fails a load first; the refresh's is a safety net for any other step.
        this.latestIds = new RefreshingValue<>(this::loadFromRedis, config.cache().localTtl(),
                REDIS_TIMEOUT.multipliedBy(2));
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
        boolean warm = latestIds.peek().isPresent();
        return latestIds.get()
                .map(ids -> {
                    if (warm) {
                        localHits.increment();
                    }
                    return new Reads(ids, warm && !ids.isEmpty());
                })
                .ifNoItem().after(COLD_LOAD_WAIT).fail()
                .onFailure().recoverWithItem(() -> new Reads(List.of(), false));
    }

    /** Empties both levels: this pod's memory and the Redis key (other pods follow within their local TTL). */
    public Uni<Void> flush() {
        return keys.del(RedisKeys.READ_CACHE_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .invoke(latestIds::invalidate)
                .replaceWithVoid();
    }

    private Uni<List<String>> loadFromRedis() {
        return values.get(RedisKeys.READ_CACHE_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .onFailure().invoke(() -> redisErrors.increment())
                .map(value -> {
                    (value == null ? redisMisses : redisHits).increment();
                    return LatestIds.decode(value);
                });
    }
}
