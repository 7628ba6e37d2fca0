package io.loadproof.lab.faults.scenarios;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.lab.faults.FaultContext;

/** The scenario's own client beside the load: one request at a time while a fault lasts, and what it got, how fast. */
final class ApiProbe {

    /**
     * @param rejectedWithoutRetryAfter 503 answers without a {@code Retry-After} header
     * @param okAfterRejection          a 200 came after the first 503
     */
    record Answers(int total, int ok, int rejected, int rejectedWithoutRetryAfter, long slowestMillis,
            boolean okAfterRejection) {

        /** Neither 200 nor 503, or no answer at all. */
        int other() {
            return total - ok - rejected;
        }
    }

    private ApiProbe() {
    }

    /** GET {@code url} every 100 ms for {@code length}. */
    static Answers during(String url, Duration length) {
        int total = 0;
        int ok = 0;
        int rejected = 0;
        int withoutRetryAfter = 0;
        long slowest = 0;
        boolean okAfterRejection = false;
        for (long end = System.nanoTime() + length.toNanos(); System.nanoTime() < end; FaultContext.sleepSeconds(0.1)) {
            long started = System.nanoTime();
            HttpResponse<String> response = get(url);
            slowest = Math.max(slowest, Duration.ofNanos(System.nanoTime() - started).toMillis());
            int status = response == null ? -1 : response.statusCode();
            total++;
            ok += status == 200 ? 1 : 0;
            okAfterRejection |= status == 200 && rejected > 0;
            rejected += status == 503 ? 1 : 0;
            withoutRetryAfter += status == 503 && response.headers().firstValue("Retry-After").isEmpty() ? 1 : 0;
        }
        return new Answers(total, ok, rejected, withoutRetryAfter, slowest, okAfterRejection);
    }

    /** Seconds until {@code url} answers 200, at most {@code timeout}. */
    static double secondsUntilOk(String url, Duration timeout) {
        long started = System.nanoTime();
        while (ManagedProcess.status(url) != 200 && System.nanoTime() - started < timeout.toNanos()) {
            FaultContext.sleepSeconds(0.1);
        }
        return Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
    }

    /** The response, or null when none came. */
    static HttpResponse<String> get(String url) {
        try {
            return ManagedProcess.get(url);
        } catch (IOException e) {
            return null;
        }
    }
}
