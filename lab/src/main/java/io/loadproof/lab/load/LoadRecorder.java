package io.loadproof.lab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;


/**
 * Records every response of the load generator the way the k6 script judges it: {@code http_req_failed}
 * (no response, or a status of 400 and above), the check-based {@code error_rate} (status 200, body
 * {@code status == "success"}, duration under the check limit), latency percentiles overall and per
 * second, the acknowledged requests (200 + success: their documents must all be stored) and a sample
 * of their ids for the loss audit.
 */
public final class LoadRecorder {

    public static final String SUMMARY_FILE = "load-summary.json";
    public static final String TIMELINE_FILE = "load-timeline.csv";
    public static final String SAMPLED_IDS_FILE = "sampled-ids.txt";

    private static final long MAX_TRACKED_MILLIS = 3_600_000L;

    private final int maxCheckDurationMs;
    private final int sampleEvery;
    private final int maxSampledRequests;
    private final Map<Long, Second> seconds = new ConcurrentHashMap<>();
    private final Histogram latencies = new Histogram(MAX_TRACKED_MILLIS, 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder ambiguous = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder httpFailed = new LongAdder();
    private final LongAdder checkFailed = new LongAdder();
    private final List<String> sampledIds = new ArrayList<>();
    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis;

    /** Keeps the ids of every 10th acknowledged request, up to 50,000 requests. */
    public LoadRecorder(int maxCheckDurationMs) {
        this(maxCheckDurationMs, 10, 50_000);
    }

    /**
     * @param sampleEvery        keep the ids of every n-th acknowledged request (1: all of them)
     * @param maxSampledRequests stop sampling after this many requests
     */
    public LoadRecorder(int maxCheckDurationMs, int sampleEvery, int maxSampledRequests) {
        this.maxCheckDurationMs = maxCheckDurationMs;
        this.sampleEvery = sampleEvery;
        this.maxSampledRequests = maxSampledRequests;
    }

    private static final class Second {
        final Histogram latencies = new Histogram(MAX_TRACKED_MILLIS, 2);
        final LongAdder requests = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final LongAdder httpFailed = new LongAdder();
        final LongAdder checkFailed = new LongAdder();

        void count(long latency, boolean failedHttp, boolean checksPassed, boolean accepted) {
            requests.increment();
            synchronized (this) {
                latencies.recordValue(latency);
            }
            LoadRecorder.count(httpFailed, failedHttp);
            LoadRecorder.count(checkFailed, !checksPassed);
            LoadRecorder.count(acknowledged, accepted);
        }
    }

    /**
     * @param status null when no response arrived (timeout, connection error): such a request may or
     *               may not have been enqueued
     */
    public void record(long completedAtMillis, Integer status, long latencyMillis, String bodyStatus, List<String> writes) {
        boolean answered = status != null;
        boolean accepted = answered && status == 200 && "success".equals(bodyStatus);
        long latency = Math.min(Math.max(latencyMillis, 0), MAX_TRACKED_MILLIS);
        Second second = seconds.computeIfAbsent(completedAtMillis / 1000, key -> new Second());
        second.count(latency, !answered || status >= 400, accepted && latencyMillis < maxCheckDurationMs, accepted);
        requests.increment();
        count(httpFailed, !answered || status >= 400);
        count(checkFailed, !(accepted && latencyMillis < maxCheckDurationMs));
        count(ambiguous, !answered);
        count(rejected, answered && status == 503);
        count(acknowledged, accepted);
        synchronized (this) {
            latencies.recordValue(latency);
            firstMillis = Math.min(firstMillis, completedAtMillis);
            lastMillis = Math.max(lastMillis, completedAtMillis);
            if (accepted && writes != null && acknowledged.sum() % sampleEvery == 0
                    && sampledIds.size() < (long) maxSampledRequests * writes.size()) {
                sampledIds.addAll(writes);
            }
        }
    }

    private static void count(LongAdder counter, boolean when) {
        if (when) {
            counter.increment();
        }
    }

    public synchronized Summary summary(Scenario.Thresholds thresholds) {
        long total = requests.sum();
        double httpFailedRate = total == 0 ? 1 : (double) httpFailed.sum() / total;
        double errorRate = total == 0 ? 1 : (double) checkFailed.sum() / total;
        long p95 = latencies.getValueAtPercentile(95);
        long p99 = latencies.getValueAtPercentile(99);
        return new Summary(total, acknowledged.sum(), ambiguous.sum(), rejected.sum(), httpFailed.sum(), checkFailed.sum(),
                httpFailedRate, errorRate, latencies.getValueAtPercentile(50), p95, p99, latencies.getMaxValue(),
                total == 0 ? 0 : (lastMillis - firstMillis) / 1000.0,
                new Verdict(p95 < thresholds.p95Ms(), p99 < thresholds.p99Ms(),
                        httpFailedRate < thresholds.httpReqFailedRate(), errorRate < thresholds.errorRate()));
    }

    public void writeResults(Path directory, Scenario.Thresholds thresholds) {
        try {
            Files.createDirectories(directory);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve(SUMMARY_FILE).toFile(), summary(thresholds));
            try (Writer timeline = Files.newBufferedWriter(directory.resolve(TIMELINE_FILE))) {
                timeline.write("epoch_second,requests,acknowledged,http_failed,check_failed,p50_ms,p95_ms,p99_ms,max_ms\n");
                for (Map.Entry<Long, Second> entry : new TreeMap<>(seconds).entrySet()) {
                    Second second = entry.getValue();
                    synchronized (second) {
                        timeline.write(entry.getKey() + "," + second.requests.sum() + "," + second.acknowledged.sum() + ","
                                + second.httpFailed.sum() + "," + second.checkFailed.sum() + ","
                                + second.latencies.getValueAtPercentile(50) + "," + second.latencies.getValueAtPercentile(95)
                                + "," + second.latencies.getValueAtPercentile(99) + "," + second.latencies.getMaxValue() + "\n");
                    }
                }
            }
            synchronized (this) {
                Files.write(directory.resolve(SAMPLED_IDS_FILE), sampledIds);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load results to " + directory, e);
        }
    }

    /**
     * The figures the k6 thresholds judge, and what the audit needs.
     *
     * @param ambiguous requests that got no response: their documents may or may not be stored
     * @param rejected  503 answers: nothing was acknowledged (an enqueue that timed out may still land)
     */
    public record Summary(long requests, long acknowledged, long ambiguous, long rejected, long httpFailed, long checkFailed,
            double httpFailedRate, double errorRate, long p50Ms, long p95Ms, long p99Ms, long maxMs,
            double durationSeconds, Verdict verdict) {
    }

    public record Verdict(boolean p95, boolean p99, boolean httpReqFailed, boolean errorRate) {
        public boolean passed() {
            return p95 && p99 && httpReqFailed && errorRate;
        }
    }
}
