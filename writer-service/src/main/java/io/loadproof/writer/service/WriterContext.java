package io.loadproof.writer.service;

import com.mongodb.client.MongoClient;

import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.budget.IopsBudget;
import io.loadproof.writer.cache.LatestIdsPublisher;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.RecordsWriteRepository;
import io.loadproof.writer.queue.WriteStreamConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * What the workers of one pool share: the facades over Redis and MongoDB, the availability of
 * each, the stop signal, the claim schedule, and their turns.
 */
public record WriterContext(WriterConfig config, WriteStreamConsumer queue, RecordsWriteRepository repository,
        IopsBudget budget, LatestIdsPublisher publisher, WriterMetrics metrics, DependencyAvailability mongo,
        DependencyAvailability redis, StopSignal stop, ClaimSchedule claims, WorkerTurns turns) {

    public static WriterContext create(WriterConfig config, RedisDataSource redis, MongoClient mongo,
            MeterRegistry registry) {
        return new WriterContext(config, new WriteStreamConsumer(redis), new RecordsWriteRepository(mongo),
                new IopsBudget(redis, config.iopsBudget()), new LatestIdsPublisher(redis, config.cacheTtl()),
                new WriterMetrics(registry), new DependencyAvailability("MongoDB"), new DependencyAvailability("Redis"),
                new StopSignal(), new ClaimSchedule(config.claimIdle().dividedBy(2)), new WorkerTurns());
    }

    /** A batch holds this many entries: BATCH_SIZE documents, 5 per entry. */
    public int entriesPerBatch() {
        return Math.max(1, config.batchSize() / QueuedWrite.DOCUMENTS_PER_REQUEST);
    }

    public Retrier retrier() {
        return new Retrier(stop, config.retryInitial(), config.retryMax());
    }
}
