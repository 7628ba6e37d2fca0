package io.loadproof.writer.support;

import com.mongodb.client.MongoClient;

import io.loadproof.writer.budget.IopsBudget;
import io.loadproof.writer.cache.LatestIdsPublisher;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.RecordsWriteRepository;
import io.loadproof.writer.queue.WriteStreamConsumer;
import io.loadproof.writer.resilience.MongoAvailability;
import io.loadproof.writer.resilience.QueueAvailability;
import io.loadproof.writer.resilience.Retries;
import io.loadproof.writer.resilience.StopSignal;
import io.loadproof.writer.worker.BatchGatherer;
import io.loadproof.writer.worker.ClaimSchedule;
import io.loadproof.writer.worker.GatherTurn;
import io.loadproof.writer.worker.WriterPool;
import io.loadproof.writer.write.BatchWriter;
import io.loadproof.writer.write.BudgetedInserter;
import io.loadproof.writer.write.DecodeTurn;
import io.loadproof.writer.write.EntryOutcomes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * A second writer process's beans, wired by hand with clients of their own, for a test that runs
 * it beside the application's: what CDI does for the application, written out.
 */
public final class SecondWriter {

    private SecondWriter() {
    }

    public static WriterPool pool(WriterConfig config, RedisDataSource redis, MongoClient mongo, String consumerPrefix) {
        WriteStreamConsumer queue = new WriteStreamConsumer(redis);
        WriterMetrics metrics = new WriterMetrics(new SimpleMeterRegistry());
        QueueAvailability redisState = new QueueAvailability();
        StopSignal stop = new StopSignal();
        Retries retries = new Retries(stop, config);
        BudgetedInserter inserter = new BudgetedInserter(new IopsBudget(redis, config), new RecordsWriteRepository(mongo),
                new MongoAvailability(), redisState, metrics, retries);
        BatchWriter writer = new BatchWriter(new DecodeTurn(), inserter, new EntryOutcomes(queue, redisState, retries),
                new LatestIdsPublisher(redis, config), metrics);
        BatchGatherer gatherer = new BatchGatherer(queue, new GatherTurn(), new ClaimSchedule(config), stop, metrics,
                config);
        return new WriterPool(config, queue, gatherer, writer, redisState, stop, retries, metrics, consumerPrefix);
    }
}
