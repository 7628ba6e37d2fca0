package io.loadproof.api.support;

import java.time.Duration;
import java.util.Map;

import io.loadproof.embedded.quarkus.SentinelTestResource;
import io.loadproof.embedded.redis.SentinelTopology;

/** The Sentinel topology, and the API waiting for one replica per batch of entries. */
public class SentinelRedisResource extends SentinelTestResource {

    public static final Duration WAIT_TIMEOUT = Duration.ofMillis(500);

    @Override
    protected Map<String, String> serviceConfig(SentinelTopology started) {
        Map<String, String> config = super.serviceConfig(started);
        config.put("api.queue.min-replicas", "1");
        config.put("api.queue.replica-wait-timeout", WAIT_TIMEOUT.toMillis() + "ms");
        return config;
    }
}
