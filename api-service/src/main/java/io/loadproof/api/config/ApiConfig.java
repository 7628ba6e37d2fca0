package io.loadproof.api.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the API; every property is also settable by the environment name in application.properties. */
@ConfigMapping(prefix = "api")
public interface ApiConfig {

    Queue queue();

    Stats stats();

    Admin admin();

    interface Queue {
        /**
         * Room kept free below Redis' {@code maxmemory} ({@code QUEUE_MEMORY_RESERVE}): the API answers 503
         * once Redis' used memory reaches {@code maxmemory} less this, leaving it for dead letters, the read
         * cache, clients' buffers and scripts, which must not be refused.
         */
        @WithDefault("256M")
        MemorySize memoryReserve();

        /**
         * An optional cap in unwritten entries ({@code MAX_QUEUE_SIZE}); unset, only Redis' memory
         * ({@link #memoryReserve()}) bounds the queue.
         */
        OptionalLong maxSize();

        /** How often each pod reads the backlog length; the request path only looks at the last value. */
        @WithDefault("100ms")
        Duration backlogRefresh();

        /** Longest wait for Redis to accept an entry before the request fails with 503 ({@code ENQUEUE_TIMEOUT_MS}). */
        @WithDefault("800ms")
        Duration enqueueTimeout();

        /**
         * Enqueues sent to Redis at once; the others wait their turn. The XADDs of one event-loop turn
         * share one batch on one pooled connection, and Redis fsyncs once per pass for every client
         * it served, so the more entries reach it at once the fewer fsyncs each costs (the measured
         * effect is in docs/benchmarks.md).
         */
        @WithDefault("1024")
        int maxInFlight();

        /** Longest wait for a turn to enqueue before the request fails with 503 (overload, not an outage). */
        @WithDefault("5s")
        Duration admissionTimeout();

        /**
         * Replicas that must have acknowledged a batch's entries before its requests get a 200
         * ({@code REDIS_MIN_REPLICAS}): a {@code WAIT} follows each batch of XADDs on its connection.
         * 0 sends no {@code WAIT}: a 200 then means the primary has the entry.
         */
        @WithDefault("0")
        int minReplicas();

        /**
         * Longest a batch's {@code WAIT} blocks for the replicas ({@code REDIS_WAIT_TIMEOUT_MS}); fewer
         * acknowledgements by then answer its requests 503. Shorter than the enqueue timeout, so
         * the 503 tells why.
         */
        @WithDefault("500ms")
        Duration replicaWaitTimeout();

        /** The Retry-After of a 503. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    interface Stats {
        /** Oldest document count {@code /api/stats} may serve before it asks MongoDB again ({@code STATS_MAX_AGE_MS}). */
        @WithDefault("2s")
        Duration maxAge();
    }

    interface Admin {
        /** Bearer token of the admin endpoints ({@code ADMIN_TOKEN}); without one they refuse every call. */
        Optional<String> token();
    }
}
