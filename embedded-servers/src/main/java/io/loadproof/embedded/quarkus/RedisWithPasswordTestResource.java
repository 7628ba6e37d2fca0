package io.loadproof.embedded.quarkus;

import java.util.Map;

import io.loadproof.embedded.RedisServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Like {@link RedisTestResource}, but {@code redis-server} runs with {@code requirepass}, and the
 * service gets the password the way the manifests give it: the URL carries none, and
 * {@code REDIS_PASSWORD} holds it (application.properties maps it onto {@code quarkus.redis.password}).
 * Init arguments: {@code password}, the server's; {@code client-password}, what the service is
 * given instead, to test a wrong one.
 */
public class RedisWithPasswordTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_PASSWORD = "redis-test-password";

    private String password = DEFAULT_PASSWORD;
    private String clientPassword = DEFAULT_PASSWORD;
    private RedisServerProcess redis;

    @Override
    public void init(Map<String, String> initArgs) {
        password = initArgs.getOrDefault("password", DEFAULT_PASSWORD);
        clientPassword = initArgs.getOrDefault("client-password", password);
    }

    @Override
    public Map<String, String> start() {
        redis = RedisServerProcess.builder().password(password).appendOnly(true).build().start();
        return Map.of(
                "quarkus.redis.hosts", "redis://" + redis.host() + ":" + redis.port(),
                "REDIS_PASSWORD", clientPassword);
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
