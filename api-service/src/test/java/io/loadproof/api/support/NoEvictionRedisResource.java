package io.loadproof.api.support;

import java.util.List;

import io.loadproof.embedded.quarkus.RedisTestResource;
import io.loadproof.embedded.redis.RedisServerProcess;

/** A real redis-server of its own that refuses writes once full (noeviction), for a test that sets its {@code maxmemory}. */
public class NoEvictionRedisResource extends RedisTestResource {

    @Override
    protected RedisServerProcess.Builder configure(RedisServerProcess.Builder builder) {
        return builder.arguments(List.of("--maxmemory-policy", "noeviction"));
    }
}
