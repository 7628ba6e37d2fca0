package io.loadproof.writer.support;

import java.util.List;

import io.loadproof.embedded.quarkus.RedisTestResource;
import io.loadproof.embedded.redis.RedisServerProcess;

/**
 * A redis-server with a {@code maxmemory} small enough to fill in a second ({@value #MAXMEMORY},
 * about a thousand entries), with {@code noeviction} as everywhere, and without an append-only
 * file so that filling it is quick.
 */
public class SmallMemoryRedisResource extends RedisTestResource {

    public static final String MAXMEMORY = "4mb";

    @Override
    protected RedisServerProcess.Builder configure(RedisServerProcess.Builder builder) {
        return builder.appendOnly(false).arguments(List.of("--maxmemory", MAXMEMORY));
    }
}
