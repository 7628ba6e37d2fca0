package io.loadproof.api.cache;

import java.util.function.Supplier;

import io.quarkus.cache.Cache;
import io.smallrye.mutiny.Uni;

/** How this service asks a quarkus-cache {@link Cache} for a value: single flight, and no caller can end the load. */
public final class CacheLoads {

    private CacheLoads() {
    }

    /**
     * The cached value, or the one load all callers share while there is none. quarkus-cache hands
     * each caller the load's own future, and Mutiny cancels that future when a caller stops waiting
     * (a timeout, a closed connection): the load would end for every caller and the cache stay
     * empty. Subscribed apart here, a caller that gives up leaves the load running for the others.
     */
    public static <T> Uni<T> get(Cache cache, Object key, Supplier<Uni<T>> loader) {
        Uni<T> shared = cache.getAsync(key, ignored -> loader.get());
        return Uni.createFrom().emitter(emitter -> shared.subscribe().with(emitter::complete, emitter::fail));
    }
}
