package io.loadproof.api.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.loadproof.api.cache.RefreshingValue;
import io.loadproof.api.config.ApiConfig;
import io.loadproof.api.persistence.RecordsReadRepository;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * The document count of {@code /api/stats}: each pod refreshes it at most once per
 * {@code api.stats.max-age}, from the count all pods share ({@link SharedDocumentCount}), so a storm
 * of stats calls on any number of pods costs MongoDB one count per period.
 */
@ApplicationScoped
public class StatsService {

    /** A count (1.5 s at most), its publication and a few Redis round trips (1 s at most each). */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(4);

    private final RefreshingValue<Long> documentCount;

    @Inject
    public StatsService(ReactiveRedisDataSource redis, RecordsReadRepository records, ApiConfig config) {
        this(new SharedDocumentCount(redis, records, config.stats().maxAge()), config.stats().maxAge());
    }

    StatsService(SharedDocumentCount sharedCount, Duration maxAge) {
        this.documentCount = new RefreshingValue<>(sharedCount::load, maxAge, LOAD_TIMEOUT);
    }

    /** Fails only when no count was ever known to this pod and none can be had now. */
    public Uni<Long> documentCount() {
        return documentCount.get();
    }
}
