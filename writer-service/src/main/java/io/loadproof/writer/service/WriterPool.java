package io.loadproof.writer.service;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoClient;

import io.loadproof.writer.budget.IopsBudget;
import io.loadproof.writer.cache.ReadCache;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.DatabaseUnavailableException;
import io.loadproof.writer.persistence.RecordStore;
import io.loadproof.writer.queue.WriteQueue;
import io.quarkus.redis.datasource.RedisDataSource;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The writer machinery of one process: its workers (one platform thread each, consumers
 * {@code <host>-<pid>-w<i>}), the gauge refresher, and the dependencies' availability. Built with
 * plain constructors, so a test or a benchmark can run a second writer beside the CDI one.
 */
public final class WriterPool {

    private static final Logger LOG = Logger.getLogger(WriterPool.class);

    private final WriterConfig config;
    private final String consumerPrefix;
    private final WriteQueue queue;
    private final RecordStore store;
    private final IopsBudget budget;
    private final WriterMetrics metrics;
    private final Availability mongo = new Availability("MongoDB");
    private final Availability redis = new Availability("Redis");
    private final StopSignal stop = new StopSignal();
    private final BatchWriter writer;
    private final ClaimSchedule claims;
    private final AtomicBoolean pinging = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService gauges;

    public WriterPool(WriterConfig config, RedisDataSource redisDataSource, MongoClient mongoClient,
            MeterRegistry registry) {
        this(config, redisDataSource, mongoClient, registry, defaultConsumerPrefix());
    }

    public WriterPool(WriterConfig config, RedisDataSource redisDataSource, MongoClient mongoClient,
            MeterRegistry registry, String consumerPrefix) {
        List<String> problems = WriterConfig.problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid writer configuration: " + String.join("; ", problems));
        }
        this.config = config;
        this.consumerPrefix = consumerPrefix;
        this.queue = new WriteQueue(redisDataSource);
        this.store = new RecordStore(mongoClient);
        this.budget = new IopsBudget(redisDataSource, config.iopsBudget());
        this.metrics = new WriterMetrics(registry);
        ReadCache cache = new ReadCache(redisDataSource, config.cacheTtlSeconds());
        this.writer = new BatchWriter(queue, store, budget, cache, metrics, mongo, redis, stop, config);
        this.claims = new ClaimSchedule(Math.max(50, config.claimIdleMs() / 2));
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
        for (int i = 0; i < config.workers(); i++) {
            String consumer = consumerPrefix + "-w" + i;
            WriterWorker worker = new WriterWorker(consumer, queue, writer, claims, metrics, redis, stop, config);
            Thread thread = new Thread(worker, "writer-w" + i);
            threads.add(thread);
            thread.start();
        }
        gauges = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "writer-gauges");
            thread.setDaemon(true);
            return thread;
        });
        gauges.scheduleWithFixedDelay(this::refreshGauges, 0, config.gaugeRefreshMs(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops reading, lets each worker finish and acknowledge its batch within the grace period,
     * and returns when they are done (or interrupted a second after it). Whatever is unfinished
     * stays pending in Redis for another writer to claim.
     */
    public synchronized void stop(long graceMs) {
        stop.stop(graceMs);
        if (gauges != null) {
            gauges.shutdownNow();
        }
        long deadline = System.nanoTime() + (graceMs + 1000) * 1_000_000;
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
        int live = 0;
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                live++;
            }
        }
        return live;
    }

    /**
     * Whether MongoDB takes our commands: the outcome of the last insert while it is recent;
     * otherwise a ping, paid for with a budget slot, at most once per {@code pingIntervalMs}.
     */
    public boolean mongoAvailable() {
        if (mongo.known() && mongo.millisSinceLastOutcome() < config.pingIntervalMs()) {
            return mongo.available();
        }
        if (pinging.compareAndSet(false, true)) {
            try {
                metrics.budgetWaited(budget.acquire());
                store.ping();
                mongo.succeeded();
            } catch (DatabaseUnavailableException e) {
                mongo.failed(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                redis.failed(e);
            } finally {
                pinging.set(false);
            }
        }
        return mongo.known() && mongo.available();
    }

    public Availability mongo() {
        return mongo;
    }

    public Availability redis() {
        return redis;
    }

    public WriterMetrics metrics() {
        return metrics;
    }

    public String consumerPrefix() {
        return consumerPrefix;
    }

    public int workers() {
        return config.workers();
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
