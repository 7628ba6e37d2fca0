package io.loadproof.writer.worker;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.RecordEncoder;
import io.loadproof.writer.queue.WriteStreamConsumer;
import io.loadproof.writer.resilience.QueueAvailability;
import io.loadproof.writer.resilience.Retries;
import io.loadproof.writer.resilience.StopSignal;
import io.loadproof.writer.write.BatchWriter;
import io.loadproof.writer.write.ClaimKeeper;
import io.loadproof.writer.write.RejectedEntries;
import io.loadproof.writer.write.WorkerHand;

/**
 * The workers of one process (one platform thread each, consumers {@code <host>-<pid>-w<i>}), each
 * with what it holds for itself, sharing the gathering and writing beans; and the gauge refresher.
 */
@Singleton
public class WriterPool {

    private static final Logger LOG = Logger.getLogger(WriterPool.class);

    private final WriterConfig config;
    private final WriteStreamConsumer queue;
    private final BatchGatherer gatherer;
    private final BatchWriter writer;
    private final QueueAvailability redis;
    private final StopSignal stop;
    private final Retries retries;
    private final WriterMetrics metrics;
    private final String consumerPrefix;
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService gauges;

    @Inject
    public WriterPool(WriterConfig config, WriteStreamConsumer queue, BatchGatherer gatherer, BatchWriter writer,
            QueueAvailability redis, StopSignal stop, Retries retries, WriterMetrics metrics) {
        this(config, queue, gatherer, writer, redis, stop, retries, metrics, defaultConsumerPrefix());
    }

    /** @param consumerPrefix for a second writer in the same process (a test's) */
    public WriterPool(WriterConfig config, WriteStreamConsumer queue, BatchGatherer gatherer, BatchWriter writer,
            QueueAvailability redis, StopSignal stop, Retries retries, WriterMetrics metrics, String consumerPrefix) {
        this.config = config;
        this.queue = queue;
        this.gatherer = gatherer;
        this.writer = writer;
        this.redis = redis;
        this.stop = stop;
        this.retries = retries;
        this.metrics = metrics;
        this.consumerPrefix = consumerPrefix;
    }

    /** {@code <host name>-<pid>}: unique per process, and readable in XINFO CONSUMERS. */
    public static String defaultConsumerPrefix() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "writer";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        for (int i = 0; i < workers(); i++) {
            Thread thread = new Thread(newWorker(consumerPrefix + "-w" + i), "writer-w" + i);
            threads.add(thread);
            thread.start();
        }
        gauges = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "writer-gauges");
            thread.setDaemon(true);
            return thread;
        });
        gauges.scheduleWithFixedDelay(this::refreshGauges, 0, config.gaugeRefresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    private WriterWorker newWorker(String consumer) {
        RejectedEntries rejected = new RejectedEntries(consumer, retries, config.maxDeliveries(), config.deadLetterAfter());
        ClaimKeeper keeper = new ClaimKeeper(queue, redis, consumer, config.claimIdle().dividedBy(3), rejected::release);
        WorkerHand hand = new WorkerHand(consumer, rejected, keeper, new RecordEncoder(config.batchSize()));
        return new WriterWorker(hand, queue, gatherer, writer, redis, stop, retries, metrics);
    }

    /**
     * Stops reading, lets each worker finish and acknowledge its batch within the grace period,
     * and returns when they are done (or interrupted a second after it). Whatever is unfinished
     * stays pending in Redis for another writer to claim.
     */
    public synchronized void stop(Duration grace) {
        stop.stop(grace);
        if (gauges != null) {
            gauges.shutdownNow();
        }
        long deadline = System.nanoTime() + grace.plusSeconds(1).toNanos();
        for (Thread thread : threads) {
            join(thread, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                LOG.warnf("%s did not finish within the grace period; interrupting it", thread.getName());
                thread.interrupt();
                join(thread, 1000);
            }
        }
    }

    /** Workers whose thread is running (all of them, unless stopping or something went badly wrong). */
    public synchronized int liveWorkers() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }

    public int workers() {
        return config.workers();
    }

    public WriterMetrics metrics() {
        return metrics;
    }

    public String consumerPrefix() {
        return consumerPrefix;
    }

    private void refreshGauges() {
        try {
            metrics.backlog(queue.backlog());
            metrics.pending(queue.pending());
        } catch (RuntimeException e) {
            LOG.debugf("Backlog gauges not refreshed: %s", e.getMessage());
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
