package io.loadproof.writer.support;

import java.time.Duration;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.BlockingRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

/** A Redis data source outside CDI, for tests and the benchmark that run without a Quarkus application. */
public final class StandaloneRedis implements AutoCloseable {

    private final Vertx vertx;
    private final Redis client;
    private final RedisDataSource dataSource;

    public StandaloneRedis(String url) {
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16)
                .setMaxPoolWaiting(64));
        dataSource = new BlockingRedisDataSourceImpl(vertx, client, RedisAPI.api(client), Duration.ofSeconds(30));
    }

    public Redis client() {
        return client;
    }

    public RedisDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        client.close();
        vertx.closeAndAwait();
    }
}
