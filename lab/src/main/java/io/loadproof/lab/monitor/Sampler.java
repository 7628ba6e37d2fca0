package io.loadproof.lab.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.loadproof.lab.Console;
import io.loadproof.lab.system.SystemUnderTest;
import redis.clients.jedis.Jedis;

/**
 * Once a second, what the system does as far as the lab can see it: requests the API served, the
 * stream backlog, the MongoDB commands served and the documents the writer wrote, and the CPU of
 * the watched processes. Prints a progress line every few seconds and keeps the samples for the
 * report's chart.
 */
public final class Sampler implements AutoCloseable {

    private final SystemUnderTest system;
    private final int printEverySeconds;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lab-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Sample> samples = new ArrayList<>();
    private final CpuWatch cpu = new CpuWatch();
    private final CounterIncrease apiRequests = new CounterIncrease();
    private final CounterIncrease documentsWritten = new CounterIncrease();
    private Jedis redis;
    private int ticks;

    public Sampler(SystemUnderTest system, int printEverySeconds) {
        this.system = system;
        this.printEverySeconds = printEverySeconds;
    }

    public Sampler start() {
        timer.scheduleAtFixedRate(this::sampleQuietly, 1000 - System.currentTimeMillis() % 1000, 1000, TimeUnit.MILLISECONDS);
        return this;
    }

    public CpuWatch cpu() {
        return cpu;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a part may be down on purpose (fault scenarios); the next tick tries again
        }
    }

    private void sample() {
        long second = System.currentTimeMillis() / 1000 - 1;
        StreamBacklog backlog = backlog().orElse(new StreamBacklog(-1, -1));
        Sample sample = new Sample(second,
                apiRequests.next(scrape(system.apiMetricsUrl(), "http_server_requests_seconds_count", "uri=\"/api/data\"")),
                backlog.entries(), backlog.pending(), system.mongoCommandsIn(second),
                documentsWritten.next(scrape(system.writerMetricsUrl(), "writer_documents_written_total", "")));
        synchronized (this) {
            samples.add(sample);
        }
        cpu.update();
        if (++ticks % printEverySeconds == 0) {
            print(sample);
        }
    }

    private static long scrape(Optional<String> metricsUrl, String metric, String labels) {
        return metricsUrl.map(url -> PrometheusScrape.sum(url, metric, labels)).orElse(-1L);
    }

    private Optional<StreamBacklog> backlog() {
        if (system.redis().isEmpty()) {
            return Optional.empty();
        }
        try {
            if (redis == null) {
                redis = system.redis().get().get();
            }
            return Optional.of(StreamBacklog.read(redis));
        } catch (RuntimeException e) {
            close(redis);
            redis = null;
            return Optional.empty();
        }
    }

    private void print(Sample sample) {
        Console.info(String.format("api %6s req/s | backlog %9s entries (%s pending) | writer %7s docs/s | mongo %s cmd/s",
                show(sample.apiRequests()), show(sample.backlog()), show(sample.pending()), show(sample.documentsWritten()),
                sample.mongoCommands() < 0 ? "n/a" : sample.mongoCommands() + "/" + system.mongoCeiling()));
    }

    private static String show(long value) {
        return value < 0 ? "?" : String.format("%,d", value);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        close(redis);
    }

    private static void close(Jedis client) {
        if (client != null) {
            client.close();
        }
    }

    /** The per-second increase of a counter read once a second; -1 until two readings exist. */
    private static final class CounterIncrease {
        private long previous = -1;

        long next(long value) {
            long increase = value < 0 || previous < 0 ? -1 : Math.max(0, value - previous);
            if (value >= 0) {
                previous = value;
            }
            return increase;
        }
    }
}
