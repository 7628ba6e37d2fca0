package io.loadproof.lab.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.types.ObjectId;

import io.loadproof.embedded.RedisServerProcess;
import io.loadproof.embedded.RespClient;
import io.loadproof.lab.run.Console;
import io.loadproof.lab.run.ConstrainedMongo;
import io.loadproof.lab.run.PrometheusScrape;
import io.loadproof.lab.run.Sampler;
import io.loadproof.model.EnvironmentNames;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;

/** The six fault scenarios of the reliability issue. */
final class Faults {

    /** Short claim time so that a dead writer's pending entries are taken over within the run. */
    static final Map<String, String> FAST_CLAIMS = Map.of(EnvironmentNames.CLAIM_IDLE_MS, "5000");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Faults() {
    }

    static List<Fault> all() {
        return List.of(new WriterKill(), new MongoOutage(), new RedisRestart(), new QueueCap(), new Poison(),
                new GracefulStops());
    }

    /** 1. kill -9 of the writer in the middle of a batch, then a new one. */
    static final class WriterKill implements Fault {
        public boolean clientsUnaffected() {
            return true;
        }

        public String name() {
            return "writer-kill";
        }

        public String description() {
            return "kill -9 of the writer mid-batch, a new writer 2 s later";
        }

        public Recovery recovery() {
            return Recovery.BACKLOG_DRAINED;
        }

        public Map<String, String> serviceEnvironment() {
            return FAST_CLAIMS;
        }

        public void inject(FaultContext context, Timing timing) {
            context.faultStarts(description());
            context.lab().killWriter();
            long pending;
            try (RespClient redis = context.lab().redis()) {
                pending = pending(redis);
            }
            context.observe("entries pending on the killed writer", pending);
            FaultContext.sleepSeconds(2);
            context.lab().startWriter();
            context.faultEnds("new writer started");
            FaultContext.sleepSeconds(Double.parseDouble(FAST_CLAIMS.get(EnvironmentNames.CLAIM_IDLE_MS)) / 1000 + 4);
            long claims = PrometheusScrape.sum(context.lab().writerUrl() + "/q/metrics", "writer_claims_total", "");
            context.observe("entries claimed by the new writer", claims);
            context.check(pending == 0 || claims > 0, "the dead writer's pending entries were not claimed");
        }
    }

    /** 2. MongoDB stopped for a while, then back. */
    static final class MongoOutage implements Fault {
        public boolean clientsUnaffected() {
            return true;
        }

        public String name() {
            return "mongo-outage";
        }

        public String description() {
            return "MongoDB stopped, then started again";
        }

        public Recovery recovery() {
            return Recovery.BACKLOG_DRAINED;
        }

        public boolean needsEmbeddedServers() {
            return true;
        }

        /**
         * The queue must hold the whole outage: at the ~7,000 requests/s two cores serve, 30 s are
         * 210,000 entries, past the default cap of 200,000 (which would answer 503s, by design).
         */
        public Map<String, String> serviceEnvironment() {
            return Map.of(EnvironmentNames.MAX_QUEUE_SIZE, "1000000");
        }

        public void inject(FaultContext context, Timing timing) {
            ConstrainedMongo mongo = context.lab().embeddedMongo().orElseThrow();
            String writerMetrics = context.lab().writerUrl() + "/q/metrics";
            long retriesBefore = Math.max(0, PrometheusScrape.sum(writerMetrics, "writer_database_unavailable_retries_total", ""));
            context.faultStarts("MongoDB stopped for " + timing.outageSeconds() + " s");
            mongo.stop();
            FaultContext.sleepSeconds(timing.outageSeconds() / 2.0);
            int writerReadiness = status(context.lab().writerUrl() + "/q/health/ready");
            context.observe("writer readiness during the outage", writerReadiness);
            context.check(writerReadiness == 503, "the writer stayed ready while MongoDB was down");
            FaultContext.sleepSeconds(timing.outageSeconds() / 2.0);
            long retries = PrometheusScrape.sum(writerMetrics, "writer_database_unavailable_retries_total", "") - retriesBefore;
            mongo.start();
            context.faultEnds("MongoDB back");
            context.observe("writer retries during the outage", retries + " (" + String.format("%.1f",
                    (double) retries / timing.outageSeconds()) + "/s)");
            context.check(retries <= 10L * timing.outageSeconds(), "the writers spun: " + retries + " retries");
        }
    }

    /** 3. Redis restarted, keeping its data (append-only file). */
    static final class RedisRestart implements Fault {
        public String name() {
            return "redis-restart";
        }

        public String description() {
            return "Redis stopped (SIGTERM, AOF kept), then restarted";
        }

        public Recovery recovery() {
            return Recovery.CLIENTS_SERVED;
        }

        public boolean needsEmbeddedServers() {
            return true;
        }

        public void inject(FaultContext context, Timing timing) {
            RedisServerProcess redis = context.lab().embeddedRedis().orElseThrow();
            String apiMetrics = context.lab().apiUrl() + "/q/metrics";
            long threadsBefore = PrometheusScrape.sum(apiMetrics, "jvm_threads_live_threads", "");
            context.faultStarts("Redis down for " + timing.outageSeconds() + " s");
            redis.stop();
            long slowest = 0;
            int non503 = 0;
            long outageEnds = System.nanoTime() + Duration.ofSeconds(timing.outageSeconds()).toNanos();
            while (System.nanoTime() < outageEnds) {
                long started = System.nanoTime();
                int status = status(context.lab().apiUrl() + "/api/data");
                slowest = Math.max(slowest, Duration.ofNanos(System.nanoTime() - started).toMillis());
                if (status != 503) {
                    non503++;
                }
                FaultContext.sleepSeconds(0.2);
            }
            long threadsDuring = PrometheusScrape.sum(apiMetrics, "jvm_threads_live_threads", "");
            redis.start();
            context.faultEnds("Redis back");
            long recoveryStarted = System.nanoTime();
            while (status(context.lab().apiUrl() + "/api/data") != 200
                    && System.nanoTime() - recoveryStarted < Duration.ofSeconds(30).toNanos()) {
                FaultContext.sleepSeconds(0.1);
            }
            double recovery = Duration.ofNanos(System.nanoTime() - recoveryStarted).toMillis() / 1000.0;
            context.observe("slowest answer while Redis was down", slowest + " ms");
            context.observe("answers other than 503 while Redis was down", non503);
            context.observe("API threads before / during the outage", threadsBefore + " / " + threadsDuring);
            context.observe("first 200 after Redis returned", recovery + " s");
            context.check(slowest < 1000, "an answer took " + slowest + " ms while Redis was down");
            context.check(non503 == 0, non503 + " answers were not 503 while Redis was down");
            context.check(threadsDuring <= threadsBefore + 20, "API threads piled up: " + threadsBefore + " -> " + threadsDuring);
            context.check(recovery <= 5, "the API took " + recovery + " s to recover");
        }
    }

    /** 4. The backlog cap reached while the writers are stopped. */
    static final class QueueCap implements Fault {
        static final int CAP = 3000;

        public String name() {
            return "queue-cap";
        }

        public String description() {
            return "writers stopped until the backlog reaches MAX_QUEUE_SIZE=" + CAP + ", then restarted";
        }

        public Recovery recovery() {
            return Recovery.CLIENTS_SERVED;
        }

        public Map<String, String> serviceEnvironment() {
            return Map.of(EnvironmentNames.MAX_QUEUE_SIZE, String.valueOf(CAP));
        }

        public void inject(FaultContext context, Timing timing) throws Exception {
            context.faultStarts("writers stopped");
            context.lab().stopWriter();
            HttpResponse<String> refused = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (refused == null && System.nanoTime() < deadline) {
                HttpResponse<String> response = get(context.lab().apiUrl() + "/api/data");
                if (response.statusCode() == 503) {
                    refused = response;
                } else {
                    FaultContext.sleepSeconds(0.2);
                }
            }
            context.check(refused != null, "the API never answered 503 at the cap");
            if (refused != null) {
                context.observe("answer at the cap", refused.statusCode() + " Retry-After="
                        + refused.headers().firstValue("Retry-After").orElse("(none)") + " " + refused.body());
                context.check(refused.headers().firstValue("Retry-After").isPresent(), "no Retry-After at the cap");
            }
            try (RespClient redis = context.lab().redis()) {
                long first = redis.callLong("XLEN", RedisKeys.WRITE_STREAM);
                FaultContext.sleepSeconds(timing.outageSeconds());
                long second = redis.callLong("XLEN", RedisKeys.WRITE_STREAM);
                context.observe("backlog at the cap, then " + timing.outageSeconds() + " s later", first + " -> " + second);
                context.check(second >= first, "entries disappeared while no writer ran: " + first + " -> " + second);
                context.check(second <= CAP + 2000, "the backlog overshot the cap by more than 2,000: " + second);
            }
            context.lab().startWriter();
            context.faultEnds("writers restarted");
        }
    }

    /** 5. Poison entries injected into the stream. */
    static final class Poison implements Fault {
        public boolean clientsUnaffected() {
            return true;
        }

        static final int ENTRIES = 50;

        public String name() {
            return "poison";
        }

        public String description() {
            return ENTRIES + " undecodable entries injected into the stream";
        }

        public Recovery recovery() {
            return Recovery.NONE;
        }

        public long expectedDeadLetters() {
            return ENTRIES;
        }

        public void inject(FaultContext context, Timing timing) {
            String valid = new String(QueuedWriteCodec.encodeNew(Instant.now(), List.of(new ObjectId(), new ObjectId()),
                    ThreadLocalRandom.current()), StandardCharsets.US_ASCII);
            List<String> poisons = List.of("garbage", "", "x|" + valid.substring(2), valid.substring(0, valid.length() - 3),
                    valid.replace('a', '!'));
            context.faultStarts(description());
            try (RespClient redis = context.lab().redis()) {
                for (int i = 0; i < ENTRIES; i++) {
                    if (i % 10 == 9) {
                        redis.call("XADD", RedisKeys.WRITE_STREAM, "*", "unexpected_field", "x");
                    } else {
                        redis.call("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, poisons.get(i % poisons.size()));
                    }
                }
                context.faultEnds("injected");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long deadLetters = 0;
                while (System.nanoTime() < deadline && deadLetters < ENTRIES) {
                    deadLetters = redis.callLong("XLEN", RedisKeys.DEAD_LETTER_STREAM);
                    FaultContext.sleepSeconds(0.5);
                }
                context.observe("dead-lettered entries", deadLetters);
                context.check(deadLetters == ENTRIES, deadLetters + " of " + ENTRIES + " poison entries reached the dead-letter stream");
            }
        }
    }

    /** 6. SIGTERM of the writer, then of the API, during the load. */
    static final class GracefulStops implements Fault {
        public String name() {
            return "sigterm";
        }

        public String description() {
            return "SIGTERM of the writer, then of the API, each restarted";
        }

        public Recovery recovery() {
            return Recovery.CLIENTS_SERVED;
        }

        public Map<String, String> serviceEnvironment() {
            return FAST_CLAIMS;
        }

        public void inject(FaultContext context, Timing timing) {
            context.faultStarts("SIGTERM writer-service");
            int writerExit = context.lab().stopWriter();
            long pending;
            try (RespClient redis = context.lab().redis()) {
                pending = pending(redis);
            }
            context.observe("writer exit code after SIGTERM", writerExit);
            context.observe("entries left pending by the stopped writer", pending);
            context.check(pending == 0, "the writer left " + pending + " entries pending: its batch was not finished");
            context.lab().startWriter();
            FaultContext.sleepSeconds(3);
            Console.step("FAULT: SIGTERM api-service");
            int apiExit = context.lab().stopApi();
            context.observe("api exit code after SIGTERM", apiExit);
            context.lab().startApi();
            context.faultEnds("api-service restarted");
        }
    }

    private static long pending(RespClient redis) {
        return Sampler.pendingOf(redis.call("XPENDING", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP));
    }

    private static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
