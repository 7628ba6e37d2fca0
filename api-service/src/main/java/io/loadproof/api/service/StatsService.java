package io.loadproof.api.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.api.cache.RefreshingValue;
import io.loadproof.api.config.ApiConfig;
import io.loadproof.api.persistence.RecordsReadRepository;
import io.smallrye.mutiny.Uni;

/**
 * The document count of {@code /api/stats}, at most {@code api.stats.max-age} old, so a storm of
 * stats calls costs MongoDB one count per pod per period.
 */
@ApplicationScoped
public class StatsService {

    private final RefreshingValue<Long> documentCount;

    public StatsService(RecordsReadRepository records, ApiConfig config) {
        this.documentCount = new RefreshingValue<>(records::count, config.stats().maxAge());
    }

    /** Fails only when MongoDB cannot be reached and no count was ever known. */
    public Uni<Long> documentCount() {
        return documentCount.get();
    }
}
