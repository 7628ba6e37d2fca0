package io.loadproof.embedded.quarkus;

import java.util.HashMap;
import java.util.Map;

import io.loadproof.embedded.redis.SentinelTopology;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A primary, a replica and three Sentinels as real processes, all behind one password, for a
 * {@code @QuarkusTest}: the service finds the primary through the Sentinels, as
 * {@code REDIS_CLIENT_TYPE=sentinel} makes it do, and the test reaches the topology through {@link #topology()}.
 */
public class SentinelTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PASSWORD = "sentinel-test";

    private static SentinelTopology topology;

    @Override
    public Map<String, String> start() {
        topology = SentinelTopology.start(PASSWORD);
        return serviceConfig(topology);
    }

    /** The topology of the test that runs now. */
    public static SentinelTopology topology() {
        return topology;
    }

    /** The configuration that points the service at the Sentinels. */
    protected Map<String, String> serviceConfig(SentinelTopology started) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.redis.client-type", "sentinel");
        config.put("quarkus.redis.hosts", started.sentinelUrls());
        config.put("quarkus.redis.password", PASSWORD);
        config.put("quarkus.redis.master-name", SentinelTopology.MASTER_NAME);
        return config;
    }

    @Override
    public void stop() {
        if (topology != null) {
            topology.close();
        }
    }
}
