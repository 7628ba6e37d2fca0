package io.loadproof.embedded.quarkus;

import java.util.Map;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real {@code redis-server} process on a free port for a {@code @QuarkusTest} and points
 * the Quarkus Redis client at it. The process keeps an append-only file so a test can restart it
 * with its data, as production Redis does.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private RedisServerProcess redis;

    @Override
    public Map<String, String> start() {
        redis = configure(RedisServerProcess.builder().appendOnly(true)).build().start();
        return serviceConfig(redis);
    }

    /** Server options beyond the append-only file; none here. */
    protected RedisServerProcess.Builder configure(RedisServerProcess.Builder builder) {
        return builder;
    }

    /** The configuration that points the service at the started server. */
    protected Map<String, String> serviceConfig(RedisServerProcess server) {
        return Map.of("quarkus.redis.hosts", server.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(redis,
                new TestInjector.AnnotatedAndMatchesType(InjectRedisServer.class, RedisServerProcess.class));
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.kill();
        }
    }
}
