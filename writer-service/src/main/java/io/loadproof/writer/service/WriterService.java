package io.loadproof.writer.service;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoClient;

import io.loadproof.model.RedisKeys;
import io.loadproof.writer.config.WriterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** The application's writer pool: started with the application, stopped gracefully with it. */
@Singleton
public class WriterService {

    private static final Logger LOG = Logger.getLogger(WriterService.class);

    private final WriterConfig config;
    private final WriterPool pool;
    private final Config rawConfig;

    public WriterService(WriterConfig config, RedisDataSource redis, MongoClient mongo, MeterRegistry registry,
            Config rawConfig) {
        this.config = config;
        this.rawConfig = rawConfig;
        this.pool = new WriterPool(config, redis, mongo, registry);
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Writer starting: %d workers (consumers %s-w0..w%d of group '%s' on stream '%s'), batches of up to %d "
                + "documents (%d entries) or %d ms, MongoDB budget %d commands/s shared through '%s', claim after %d ms "
                + "idle, dead-letter after %d rejected deliveries, read cache TTL %d s, shutdown grace %d ms; "
                + "redis %s, mongodb %s",
                config.workers(), pool.consumerPrefix(), config.workers() - 1, RedisKeys.WRITER_GROUP,
                RedisKeys.WRITE_STREAM, config.batchSize(), config.batchSize() / 5, config.batchTimeoutMs(),
                config.iopsBudget(), RedisKeys.IOPS_BUDGET_KEY, config.claimIdleMs(), config.maxDeliveries(),
                config.cacheTtlSeconds(), config.shutdownGraceMs(),
                masked(rawConfig.getOptionalValue("quarkus.redis.hosts", String.class).orElse("?")),
                masked(rawConfig.getOptionalValue("quarkus.mongodb.connection-string", String.class).orElse("?")));
        pool.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        LOG.infof("Writer stopping: finishing the batches in flight (grace %d ms)", config.shutdownGraceMs());
        pool.stop(config.shutdownGraceMs());
        LOG.info("Writer stopped");
    }

    public WriterPool pool() {
        return pool;
    }

    /** {@code scheme://user:secret@host} becomes {@code scheme://user:***@host}. */
    static String masked(String uri) {
        return uri.replaceAll("(://[^:/@,]*):[^@/]*@", "$1:***@");
    }
}
