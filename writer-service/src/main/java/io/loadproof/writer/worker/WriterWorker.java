package io.loadproof.writer.worker;

import java.util.List;

import org.jboss.logging.Logger;

import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.queue.WriteStreamConsumer;
import io.loadproof.writer.resilience.GiveUpException;
import io.loadproof.writer.resilience.Outages;
import io.loadproof.writer.resilience.QueueAvailability;
import io.loadproof.writer.resilience.Retries;
import io.loadproof.writer.resilience.StopSignal;
import io.loadproof.writer.write.BatchWriter;
import io.loadproof.writer.write.PoisonIsolation;
import io.loadproof.writer.write.WorkerHand;

/**
 * One consumer of the write stream, on its own platform thread. Each round it gathers a batch and
 * has it written, so that a bug one entry triggers costs that entry alone ({@link PoisonIsolation}).
 * A Redis outage is retried until it ends; what the worker read stays pending meanwhile.
 */
final class WriterWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(WriterWorker.class);

    private final WorkerHand hand;
    private final WriteStreamConsumer queue;
    private final BatchGatherer gatherer;
    private final PoisonIsolation isolation;
    private final QueueAvailability redis;
    private final StopSignal stop;
    private final Retries retries;
    private final WriterMetrics metrics;

    WriterWorker(WorkerHand hand, WriteStreamConsumer queue, BatchGatherer gatherer, BatchWriter writer,
            QueueAvailability redis, StopSignal stop, Retries retries, WriterMetrics metrics) {
        this.hand = hand;
        this.queue = queue;
        this.gatherer = gatherer;
        this.isolation = new PoisonIsolation(entries -> writer.write(hand, entries),
                (entry, bug) -> writer.deadLetterAfterBug(hand, entry, bug), metrics::bug);
        this.redis = redis;
        this.stop = stop;
        this.retries = retries;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            retries.untilDone(hand.consumer() + ": could not create the consumer group", this::ensureGroup);
            while (!stop.stopping()) {
                roundOrPauseAfterBug();
            }
        } catch (GiveUpException e) {
            LOG.warnf("%s: %s", hand.consumer(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bug outside any one entry's handling (gathering) is logged with its trace, and the round tried again later. */
    private void roundOrPauseAfterBug() throws GiveUpException, InterruptedException {
        try {
            retries.untilDone(hand.consumer() + ": the entries in hand left pending", this::round);
        } catch (Stopped e) {
            e.rethrowCause();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: bug while gathering a batch; what it read stays pending and is retried", hand.consumer());
            metrics.bug();
            stop.pause(retries.backoff(Integer.MAX_VALUE));
        }
    }

    private Boolean ensureGroup() {
        try {
            queue.ensureGroup();
            return Boolean.TRUE;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** @throws RuntimeException an outage, retried by {@link Retries}, or a bug */
    private Boolean round() {
        List<QueuedEntry> batch;
        try {
            hand.keeper().keepIfDue(hand.rejected()::ids);
            batch = gatherer.gather(hand);
            redis.succeeded();
        } catch (InterruptedException e) {
            throw new Stopped(e);
        } catch (RuntimeException e) {
            throw failed(e);
        }
        try {
            isolation.write(batch);
            return Boolean.TRUE;
        } catch (GiveUpException | InterruptedException e) {
            throw new Stopped(e);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private RuntimeException failed(RuntimeException e) {
        if (Outages.isOutage(e)) {
            redis.failed(e);
        }
        return e;
    }

    /** The write gave up (grace period over) or was interrupted: not an outage, so it ends the retries. */
    private static final class Stopped extends RuntimeException {
        Stopped(Exception cause) {
            super(cause);
        }

        void rethrowCause() throws GiveUpException, InterruptedException {
            if (getCause() instanceof GiveUpException giveUp) {
                throw giveUp;
            }
            throw (InterruptedException) getCause();
        }
    }
}
