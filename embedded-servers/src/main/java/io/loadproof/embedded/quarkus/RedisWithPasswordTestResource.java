package io.loadproof.embedded.quarkus;

import java.util.Map;

import io.loadproof.embedded.redis.RedisServerProcess;

/**
 * Like {@link RedisTestResource}, but {@code redis-server} runs with {@code requirepass}, and the
 * service gets the password the way the manifests give it: the URL carries none, and
 * {@code REDIS_PASSWORD} holds it (application.properties maps it onto {@code quarkus.redis.password}).
 * Init arguments: {@code password}, the server's; {@code client-password}, what the service is
 * given instead, to test a wrong one.
 */
public class RedisWithPasswordTestResource extends RedisTestResource {

    public static final String DEFAULT_PASSWORD = "redis-test-password";

    private String password = DEFAULT_PASSWORD;
    private String clientPassword = DEFAULT_PASSWORD;

    @Override
    public void init(Map<String, String> initArgs) {
        password = initArgs.getOrDefault("password", DEFAULT_PASSWORD);
        clientPassword = initArgs.getOrDefault("client-password", password);
    }

    @Override
    protected RedisServerProcess.Builder configure(RedisServerProcess.Builder builder) {
        return builder.password(password);
    }

    @Override
    protected Map<String, String> serviceConfig(RedisServerProcess server) {
        return Map.of(
                "quarkus.redis.hosts", "redis://" + server.host() + ":" + server.port(),
                "REDIS_PASSWORD", clientPassword);
    }
}
