package io.loadproof.api.cache;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.loadproof.api.config.ApiConfig;
import io.loadproof.api.persistence.RecordsReadRepository;
import io.loadproof.model.LatestIds;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * The two-level read cache behind the {@code reads} of {@code /api/data}. Level 1 is this pod's
 * memory, reloaded from level 2 at most every {@code api.cache.local-ttl}; level 2 is a Redis key
 * that the writer refreshes after every batch. Only when the key is missing does one query per pod
 * go to MongoDB, and its answer is put back in Redis for the other pods. No failure of Redis or
 * MongoDB reaches the caller: at worst the reads are null.
 */
@ApplicationScoped
public class ReadCache {

    /** How long an empty answer from MongoDB is shared through Redis before a pod asks again. */
    static final Duration EMPTY_ANSWER_TTL = Duration.ofSeconds(5);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    /** Longest a request waits for a cold cache to load; the load goes on for the next requests. */
    static final Duration COLD_LOAD_WAIT = Duration.ofMillis(250);
    private static final Logger LOG = Logger.getLogger(ReadCache.class);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final RecordsReadRepository records;
    private final Duration redisTtl;
    private final RefreshingValue<List<String>> latestIds;
    private final Counter localHits;
    private final Counter redisHits;
    private final Counter misses;

    public ReadCache(ReactiveRedisDataSource redis, RecordsReadRepository records, ApiConfig config, MeterRegistry meters) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.records = records;
        this.redisTtl = config.cache().ttl();
        this.latestIds = new RefreshingValue<>(this::loadFromRedisOrMongo, config.cache().localTtl());
        this.localHits = meters.counter("api.cache.reads", "level", "local", "result", "hit");
        this.redisHits = meters.counter("api.cache.reads", "level", "redis", "result", "hit");
        this.misses = meters.counter("api.cache.reads", "level", "redis", "result", "miss");
    }

    public record Reads(List<String> ids, boolean cached) {
    }

    /** Always succeeds: five ids, null where none is known. */
    public Uni<Reads> reads() {
        boolean warm = latestIds.peek().isPresent();
        return latestIds.get()
                .map(ids -> {
                    if (warm) {
                        localHits.increment();
                    }
                    return new Reads(LatestIds.asReads(ids), warm);
                })
                .ifNoItem().after(COLD_LOAD_WAIT).fail()
                .onFailure().recoverWithItem(() -> new Reads(LatestIds.asReads(List.of()), false));
    }

    /** Empties both levels: this pod's memory and the Redis key (other pods follow within their local TTL). */
    public Uni<Void> flush() {
        return keys.del(RedisKeys.READ_CACHE_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .invoke(latestIds::invalidate)
                .replaceWithVoid();
    }

    private Uni<List<String>> loadFromRedisOrMongo() {
        return values.get(RedisKeys.READ_CACHE_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .flatMap(value -> {
                    if (value != null) {
                        redisHits.increment();
                        return Uni.createFrom().item(LatestIds.decode(value));
                    }
                    misses.increment();
                    return loadFromMongoAndShare();
                });
    }

    private Uni<List<String>> loadFromMongoAndShare() {
        return records.newestIds(QueuedWrite.DOCUMENTS_PER_REQUEST)
                .call(ids -> values.set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(ids),
                                new SetArgs().px(ids.isEmpty() ? EMPTY_ANSWER_TTL : redisTtl).nx())
                        .onFailure().recoverWithNull())
                .onFailure().invoke(failure -> LOG.debugf("MongoDB read for the cache failed: %s", failure.toString()));
    }
}
