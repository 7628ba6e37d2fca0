package io.loadproof.writer.service;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.loadproof.writer.persistence.DatabaseUnavailableException;

/**
 * Whether MongoDB takes the writer's commands: the outcome of the last insert while it is recent;
 * otherwise a ping, paid for with a budget slot like any other command, one at a time.
 */
final class MongoProbe {

    private static final Logger LOG = Logger.getLogger(MongoProbe.class);

    private final WriterContext context;
    private final AtomicBoolean pinging = new AtomicBoolean();

    MongoProbe(WriterContext context) {
        this.context = context;
    }

    boolean available() {
        DependencyAvailability mongo = context.mongo();
        if (mongo.known() && mongo.millisSinceLastOutcome() < context.config().pingInterval().toMillis()) {
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
            context.metrics().budgetWaited(context.budget().acquire());
            context.repository().ping();
            context.mongo().succeeded();
        } catch (DatabaseUnavailableException e) {
            context.mongo().failed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!Outages.isOutage(e)) {
                LOG.errorf(e, "Bug in the MongoDB probe");
                context.metrics().bug();
                return;
            }
            context.redis().failed(e);
        }
    }
}
