package io.loadproof.writer.health;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.loadproof.writer.budget.IopsBudget;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.DatabaseUnavailableException;
import io.loadproof.writer.persistence.RecordsWriteRepository;
import io.loadproof.writer.resilience.MongoAvailability;
import io.loadproof.writer.resilience.Outages;
import io.loadproof.writer.resilience.QueueAvailability;

/**
 * Whether MongoDB takes the writer's commands: the outcome of the last insert while it is recent;
 * otherwise a ping, paid for with a budget slot like any other command, one at a time.
 */
@Singleton
public class MongoProbe {

    private static final Logger LOG = Logger.getLogger(MongoProbe.class);

    private final IopsBudget budget;
    private final RecordsWriteRepository repository;
    private final MongoAvailability mongo;
    private final QueueAvailability redis;
    private final WriterMetrics metrics;
    private final long pingIntervalMillis;
    private final AtomicBoolean pinging = new AtomicBoolean();

    public MongoProbe(IopsBudget budget, RecordsWriteRepository repository, MongoAvailability mongo,
            QueueAvailability redis, WriterMetrics metrics, WriterConfig config) {
        this.budget = budget;
        this.repository = repository;
        this.mongo = mongo;
        this.redis = redis;
        this.metrics = metrics;
        this.pingIntervalMillis = config.pingInterval().toMillis();
    }

    boolean available() {
        if (mongo.known() && mongo.millisSinceLastOutcome() < pingIntervalMillis) {
            return mongo.available();
        }
        if (pinging.compareAndSet(false, true)) {
            try {
                ping();
            } finally {
                pinging.set(false);
            }
        }
        return mongo.known() && mongo.available();
    }

    private void ping() {
        try {
            metrics.budgetWaited(budget.acquire());
            repository.ping();
            mongo.succeeded();
        } catch (DatabaseUnavailableException e) {
            mongo.failed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!Outages.isOutage(e)) {
                LOG.errorf(e, "Bug in the MongoDB probe");
                metrics.bug();
                return;
            }
            redis.failed(e);
        }
    }
}
