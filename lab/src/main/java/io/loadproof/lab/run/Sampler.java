package io.loadproof.lab.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.loadproof.embedded.RespClient;
import io.loadproof.model.RedisKeys;

/**
 * Once a second, what the platform is doing: requests the API served, the stream backlog, the
 * MongoDB commands served and the documents the writer wrote. Prints a progress line every few
 * seconds and keeps the rows for the report's chart.
 */
public final class Sampler implements AutoCloseable {


    public record Row(long epochSecond, long apiRequests, long backlog, long pending, long mongoCommands,
            long documentsWritten) {
    }

    private final LabEnvironment lab;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lab-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Row> rows = new ArrayList<>();
    private final int printEverySeconds;
    private RespClient redis;
    private Map<String, Long> watchedProcesses = Map.of();
    private Map<String, Double> firstCpu = Map.of();
    private Map<String, Double> latestCpu = Map.of();
    private long cpuWatchStartedNanos;
    private long latestCpuNanos;
    private long previousApiCount = -1;
    private long previousWritten = -1;
    private int ticks;

    public Sampler(LabEnvironment lab, int printEverySeconds) {
        this.lab = lab;
        this.printEverySeconds = printEverySeconds;
    }

    public Sampler start() {
        timer.scheduleAtFixedRate(this::sampleQuietly, 1000 - System.currentTimeMillis() % 1000, 1000, TimeUnit.MILLISECONDS);
        return this;
    }

    /** From now on, reads the CPU time of these processes every second. */
    public synchronized void watchCpu(Map<String, Long> processes) {
        watchedProcesses = Map.copyOf(processes);
        firstCpu = CpuUsage.snapshot(watchedProcesses);
        latestCpu = firstCpu;
        cpuWatchStartedNanos = System.nanoTime();
        latestCpuNanos = cpuWatchStartedNanos;
    }

    /** CPU seconds each watched process used since {@link #watchCpu}, up to the last sample. */
    public synchronized Map<String, Double> cpuUsed() {
        return CpuUsage.between(firstCpu, latestCpu);
    }

    /** Wall-clock seconds covered by {@link #cpuUsed()}. */
    public synchronized double cpuWatchSeconds() {
        return (latestCpuNanos - cpuWatchStartedNanos) / 1e9;
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The last sampled backlog and pending entries, or -1 when Redis did not answer. */
    public synchronized long[] lastBacklog() {
        if (rows.isEmpty()) {
            return new long[] { -1, -1 };
        }
        Row last = rows.get(rows.size() - 1);
        return new long[] { last.backlog(), last.pending() };
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
        long apiCount = PrometheusScrape.sum(lab.apiUrl() + "/q/metrics", "http_server_requests_seconds_count",
                "uri=\"/api/data\"");
        long written = PrometheusScrape.sum(lab.writerUrl() + "/q/metrics", "writer_documents_written_total", "");
        long backlog = -1;
        long pending = -1;
        try {
            if (redis == null) {
                redis = lab.redis();
            }
            backlog = redis.callLong("XLEN", RedisKeys.WRITE_STREAM);
            pending = pendingOf(redis.call("XPENDING", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP));
        } catch (RuntimeException e) {
            if (redis != null) {
                redis.close();
            }
            redis = null;
        }
        long mongoCommands = lab.embeddedMongo().map(mongo -> mongo.commandsIn(second)).orElse(-1L);
        Row row = new Row(second,
                apiCount < 0 || previousApiCount < 0 ? -1 : Math.max(0, apiCount - previousApiCount),
                backlog, pending, mongoCommands,
                written < 0 || previousWritten < 0 ? -1 : Math.max(0, written - previousWritten));
        if (apiCount >= 0) {
            previousApiCount = apiCount;
        }
        if (written >= 0) {
            previousWritten = written;
        }
        synchronized (this) {
            rows.add(row);
            if (!watchedProcesses.isEmpty()) {
                Map<String, Double> cpu = CpuUsage.snapshot(watchedProcesses);
                if (cpu.keySet().containsAll(latestCpu.keySet())) {
                    latestCpu = cpu;
                    latestCpuNanos = System.nanoTime();
                }
            }
        }
        if (++ticks % printEverySeconds == 0) {
            Console.info(String.format("api %6s req/s | backlog %9s entries (%s pending) | writer %7s docs/s | mongo %s cmd/s",
                    show(row.apiRequests()), show(row.backlog()), show(row.pending()), show(row.documentsWritten()),
                    row.mongoCommands() < 0 ? "n/a" : row.mongoCommands() + "/" + lab.mongoIops()));
        }
    }

    private static String show(long value) {
        return value < 0 ? "?" : String.format("%,d", value);
    }

    public static long pendingOf(Object xpendingSummary) {
        if (xpendingSummary instanceof List<?> summary && !summary.isEmpty() && summary.get(0) instanceof Long count) {
            return count;
        }
        return 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (redis != null) {
            redis.close();
        }
    }
}
