package io.loadproof.api.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.api.cache.CacheLoads;
import io.loadproof.api.config.ApiConfig;
import io.loadproof.api.persistence.RecordsReadRepository;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * The document count of {@code /api/stats}: each pod keeps it in the quarkus-cache
 * {@value #CACHE_NAME} for {@code api.stats.max-age} (application.properties), and loads it from the
 * count all pods share ({@link SharedDocumentCount}), so a storm of stats calls on any number of pods
 * costs MongoDB one count per period.
 */
@ApplicationScoped
public class StatsService {

    static final String CACHE_NAME = "document-count";
    private static final String KEY = "records";
    /** A count (1.5 s at most), its publication and a few Redis round trips (1 s at most each). */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(4);

    private final SharedDocumentCount sharedCount;
    private final Cache documentCount;

    public StatsService(ReactiveRedisDataSource redis, RecordsReadRepository records, ApiConfig config,
            @CacheName(CACHE_NAME) Cache documentCount) {
        this.sharedCount = new SharedDocumentCount(redis, records, config.stats().maxAge());
        this.documentCount = documentCount;
    }

    /** Fails when neither MongoDB nor any pod's last published count can give one, or Redis cannot be reached. */
    public Uni<Long> documentCount() {
        return CacheLoads.get(documentCount, KEY, () -> sharedCount.load().ifNoItem().after(LOAD_TIMEOUT).fail());
    }
}
