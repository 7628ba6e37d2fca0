package io.loadproof.writer.service;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoClient;

import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * The writer machinery of one process: its workers (one platform thread each, consumers
 * {@code <host>-<pid>-w<i>}), the gauge refresher, and what the health checks ask. Built with
 * plain constructors, so a test or a benchmark can run a second writer beside the CDI one.
 */
public final class WriterPool {

    private static final Logger LOG = Logger.getLogger(WriterPool.class);

    private final WriterContext context;
    private final String consumerPrefix;
    private final MongoProbe mongoProbe;
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService gauges;

    public WriterPool(WriterConfig config, RedisDataSource redis, MongoClient mongo, MeterRegistry registry) {
        this(config, redis, mongo, registry, defaultConsumerPrefix());
    }

    public WriterPool(WriterConfig config, RedisDataSource redis, MongoClient mongo, MeterRegistry registry,
            String consumerPrefix) {
        this.context = WriterContext.create(config, redis, mongo, registry);
        this.consumerPrefix = consumerPrefix;
        this.mongoProbe = new MongoProbe(context);
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
            Thread thread = new Thread(new WriterWorker(context, consumerPrefix + "-w" + i), "writer-w" + i);
            threads.add(thread);
            thread.start();
        }
        gauges = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "writer-gauges");
            thread.setDaemon(true);
            return thread;
        });
        long refreshMs = context.config().gaugeRefresh().toMillis();
        gauges.scheduleWithFixedDelay(this::refreshGauges, 0, refreshMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops reading, lets each worker finish and acknowledge its batch within the grace period,
     * and returns when they are done (or interrupted a second after it). Whatever is unfinished
     * stays pending in Redis for another writer to claim.
     */
    public synchronized void stop(Duration grace) {
        context.stop().stop(grace);
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
        return context.config().workers();
    }

    /** Whether MongoDB takes our commands; may send a budgeted ping (see {@link MongoProbe}). */
    public boolean mongoAvailable() {
        return mongoProbe.available();
    }

    /** The outage details readiness reports. */
    public DependencyAvailability mongoStatus() {
        return context.mongo();
    }

    public WriterMetrics metrics() {
        return context.metrics();
    }

    public String consumerPrefix() {
        return consumerPrefix;
    }

    private void refreshGauges() {
        try {
            context.metrics().backlog(context.queue().backlog());
            context.metrics().pending(context.queue().pending());
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
