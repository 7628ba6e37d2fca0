package io.loadproof.writer.worker;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.loadproof.model.RedisKeys;
import io.loadproof.writer.config.WriterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Starts the application's writer pool with the application, and stops it gracefully with it. */
@Singleton
public class WriterLifecycle {

    private static final Logger LOG = Logger.getLogger(WriterLifecycle.class);

    private final WriterConfig config;
    private final WriterPool pool;
    private final Config rawConfig;

    public WriterLifecycle(WriterConfig config, WriterPool pool, Config rawConfig) {
        this.config = config;
        this.pool = pool;
        this.rawConfig = rawConfig;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Writer starting: %d workers (consumers %s-w0..w%d of group '%s' on stream '%s'), batches of up to %d "
                + "documents (%d entries) or %d ms, MongoDB budget %d commands/s shared through '%s', claim after %d ms "
                + "idle, dead-letter after %d rejections over %d s, read cache TTL %d s, shutdown grace %d s; "
                + "redis %s, mongodb %s",
                config.workers(), pool.consumerPrefix(), config.workers() - 1, RedisKeys.WRITER_GROUP,
                RedisKeys.WRITE_STREAM, config.batchSize(), config.entriesPerBatch(), config.batchTimeout().toMillis(),
                config.iopsBudget(), RedisKeys.IOPS_BUDGET_KEY, config.claimIdle().toMillis(), config.maxDeliveries(),
                config.deadLetterAfter().toSeconds(), config.cacheTtl().toSeconds(), config.shutdownGrace().toSeconds(),
                masked(rawConfig.getOptionalValue("quarkus.redis.hosts", String.class).orElse("?")),
                masked(rawConfig.getOptionalValue("quarkus.mongodb.connection-string", String.class).orElse("?")));
        pool.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        LOG.infof("Writer stopping: finishing the batches in flight (grace %d s)", config.shutdownGrace().toSeconds());
        pool.stop(config.shutdownGrace());
        LOG.info("Writer stopped");
    }

    /** {@code scheme://user:secret@host} becomes {@code scheme://user:***@host}. */
    static String masked(String uri) {
        return uri.replaceAll("(://[^:/@,]*):[^@/]*@", "$1:***@");
    }
}
