package io.loadproof.api.support;

import java.time.Duration;
import java.util.Map;

import io.loadproof.embedded.redis.SentinelTopology;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A primary, a replica and three Sentinels as real processes, all behind one password; the API finds the
 * primary through the Sentinels ({@code REDIS_CLIENT_TYPE=sentinel}) and waits for one replica per batch.
 */
public class SentinelRedisResource implements QuarkusTestResourceLifecycleManager {

    public static final String PASSWORD = "sentinel-api-test";
    public static final Duration WAIT_TIMEOUT = Duration.ofMillis(500);

    private static SentinelTopology topology;

    @Override
    public Map<String, String> start() {
        topology = SentinelTopology.start(PASSWORD);
        return Map.of("quarkus.redis.client-type", "sentinel",
                "quarkus.redis.hosts", topology.sentinelUrls(),
                "quarkus.redis.password", PASSWORD,
                "quarkus.redis.master-name", SentinelTopology.MASTER_NAME,
                "api.queue.min-replicas", "1",
                "api.queue.replica-wait-timeout", WAIT_TIMEOUT.toMillis() + "ms");
    }

    public static SentinelTopology topology() {
        return topology;
    }

    @Override
    public void stop() {
        if (topology != null) {
            topology.close();
        }
    }
}
