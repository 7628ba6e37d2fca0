package io.loadproof.writer.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.mongodb.client.MongoClient;

import io.loadproof.writer.config.WriterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;

/** The application's writer pool, as a bean for the lifecycle and the health checks. */
@Singleton
public class WriterPoolProducer {

    @Produces
    @Singleton
    WriterPool writerPool(WriterConfig config, RedisDataSource redis, MongoClient mongo, MeterRegistry registry) {
        return new WriterPool(config, redis, mongo, registry);
    }
}
