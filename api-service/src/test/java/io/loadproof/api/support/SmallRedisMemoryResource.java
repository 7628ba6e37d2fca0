package io.loadproof.api.support;

import java.util.List;

import io.loadproof.embedded.RedisServerProcess;
import io.loadproof.embedded.quarkus.RedisTestResource;

/** A real redis-server whose {@code maxmemory} (3 MB, noeviction) a test fills within a second or two. */
public class SmallRedisMemoryResource extends RedisTestResource {

    @Override
    protected RedisServerProcess.Builder configure(RedisServerProcess.Builder builder) {
        return builder.arguments(List.of("--maxmemory", "3mb"));
    }
}
