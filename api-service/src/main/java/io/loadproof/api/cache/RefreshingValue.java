package io.loadproof.api.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A value loaded from a slow or scarce source and served from memory: fresh values are returned
 * as they are, a stale value is returned at once while one reload runs in the background
 * (stale-while-revalidate), and only a caller that finds no value at all waits for the load.
 * However many callers ask, at most one load is in flight (single flight). A failed load keeps
 * the previous value and is not retried before {@code maxAge} has passed again, so an outage of
 * the source is not hammered. A load that has not finished within {@code loadTimeout} counts as
 * failed, so a hung source never pins the single flight.
 */
public final class RefreshingValue<T> {

    private record Loaded<T>(T value, long loadedAtNanos) {
    }

    private final Supplier<Uni<T>> loader;
    private final long maxAgeNanos;
    private final Duration loadTimeout;
    /** Bumped by {@link #invalidate()}: a load begun before it must not store its (older) value. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<CompletableFuture<T>> inflight = new AtomicReference<>();
    private volatile Loaded<T> current;
    private volatile long lastFailureNanos;
    private volatile boolean failedSinceLastLoad;

    public RefreshingValue(Supplier<Uni<T>> loader, Duration maxAge, Duration loadTimeout) {
        this.loader = loader;
        this.maxAgeNanos = maxAge.toNanos();
        this.loadTimeout = loadTimeout;
    }

    /** The value, waiting for a load only when there has never been one; fails when that load fails. */
    public Uni<T> get() {
        Loaded<T> loaded = current;
        if (loaded == null) {
            if (failedSinceLastLoad && System.nanoTime() - lastFailureNanos < maxAgeNanos) {
                return Uni.createFrom().failure(new IllegalStateException("source unavailable, retrying later"));
            }
            return Uni.createFrom().completionStage(reload());
        }
        if (isStale(loaded)) {
            reload();
        }
        return Uni.createFrom().item(loaded.value());
    }

    /** The value if one was ever loaded, without triggering a load. */
    public Optional<T> peek() {
        Loaded<T> loaded = current;
        return loaded == null ? Optional.empty() : Optional.of(loaded.value());
    }

    /**
     * Forgets the value; the next {@link #get()} loads again. A load under way is let go of too:
     * joining it would hand the next caller what the source held before the invalidation.
     */
    public void invalidate() {
        generation.incrementAndGet();
        current = null;
        failedSinceLastLoad = false;
        inflight.set(null);
    }

    private boolean isStale(Loaded<T> loaded) {
        long now = System.nanoTime();
        return now - loaded.loadedAtNanos() >= maxAgeNanos
                && !(failedSinceLastLoad && now - lastFailureNanos < maxAgeNanos);
    }

    private CompletableFuture<T> reload() {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> running = inflight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        long loadGeneration = generation.get();
        startLoad().ifNoItem().after(loadTimeout).fail().subscribe().with(value -> {
            if (generation.get() == loadGeneration) {
                current = new Loaded<>(value, System.nanoTime());
                failedSinceLastLoad = false;
            }
            inflight.compareAndSet(mine, null);
            mine.complete(value);
        }, failure -> {
            if (generation.get() == loadGeneration) {
                lastFailureNanos = System.nanoTime();
                failedSinceLastLoad = true;
            }
            inflight.compareAndSet(mine, null);
            mine.completeExceptionally(failure);
        });
        return mine;
    }

    private Uni<T> startLoad() {
        try {
            return loader.get();
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
