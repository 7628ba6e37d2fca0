package io.loadproof.writer.write;

import java.util.List;

import jakarta.inject.Singleton;

import org.bson.RawBsonDocument;

import io.loadproof.writer.budget.IopsBudget;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.DatabaseUnavailableException;
import io.loadproof.writer.persistence.InsertResult;
import io.loadproof.writer.persistence.RecordsWriteRepository;
import io.loadproof.writer.resilience.GiveUpException;
import io.loadproof.writer.resilience.MongoAvailability;
import io.loadproof.writer.resilience.Outages;
import io.loadproof.writer.resilience.QueueAvailability;
import io.loadproof.writer.resilience.Retries;

/**
 * One insertMany of a batch: a slot of the shared budget, then the command, retried while MongoDB
 * (or Redis, for the slot) is unavailable.
 */
@Singleton
public class BudgetedInserter {

    private final IopsBudget budget;
    private final RecordsWriteRepository repository;
    private final MongoAvailability mongo;
    private final QueueAvailability redis;
    private final WriterMetrics metrics;
    private final Retries retries;

    public BudgetedInserter(IopsBudget budget, RecordsWriteRepository repository, MongoAvailability mongo,
            QueueAvailability redis, WriterMetrics metrics, Retries retries) {
        this.budget = budget;
        this.repository = repository;
        this.mongo = mongo;
        this.redis = redis;
        this.metrics = metrics;
        this.retries = retries;
    }

    /**
     * @param whileRetrying run before each retry (keeping the entries claimed through a long outage)
     * @throws GiveUpException when shutting down and the grace period ended first
     */
    InsertResult insert(List<RawBsonDocument> documents, String unfinished, Runnable whileRetrying)
            throws GiveUpException, InterruptedException {
        return retries.untilDone(unfinished, () -> tryInsert(documents), whileRetrying);
    }

    private InsertResult tryInsert(List<RawBsonDocument> documents) {
        try {
            metrics.budgetWaited(budget.acquire());
            long start = System.nanoTime();
            InsertResult result = repository.insert(documents);
            metrics.inserted(System.nanoTime() - start);
            mongo.succeeded();
            return result;
        } catch (DatabaseUnavailableException e) {
            mongo.failed(e.getCause());
            metrics.unavailableRetry();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a budget slot", e);
        } catch (RuntimeException e) {
            Outages.rethrowUnlessOutage(e);
            redis.failed(e);
            throw e;
        }
    }
}
