package io.loadproof.lab.faults.scenarios;

import java.time.Duration;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.lab.monitor.PrometheusScrape;
import io.loadproof.model.RedisKeys;
import redis.clients.jedis.Jedis;

/**
 * Redis down under load, then back on the same port from its append-only file: stopped (SIGTERM,
 * which flushes the file) or crashed ({@code kill -9}: the process gets no chance to write
 * anything more). While it is down the API must answer 503 fast without piling up threads; once
 * it is back, 200s within 5 s; and the audit then finds every id answered with 200 exactly once.
 * A crash of the process keeps what Redis had handed to the kernel even with appendfsync
 * everysec; only a crash of the machine tells always from everysec, and that cannot happen here.
 */
public final class RedisOutage extends Fault {

    public enum Kind {
        /** SIGTERM: Redis flushes its append-only file and exits. */
        STOP,
        /** SIGKILL: a crash. */
        CRASH
    }

    private final Kind kind;

    public RedisOutage(Kind kind) {
        super(kind == Kind.STOP ? "redis-restart" : "redis-crash", kind == Kind.STOP
                ? "Redis stopped (SIGTERM, AOF kept), then restarted"
                : "Redis killed (kill -9), then restarted from its append-only file (appendfsync always)",
                Recovery.CLIENTS_SERVED);
        this.kind = kind;
    }

    @Override
    public boolean needsEmbeddedServers() {
        return true;
    }

    @Override
    public void inject(FaultContext context, Timing timing) {
        RedisServerProcess redis = context.lab().embeddedRedis().orElseThrow();
        String apiMetrics = context.lab().apiUrl() + "/q/metrics";
        long threadsBefore = PrometheusScrape.sum(apiMetrics, "jvm_threads_live_threads", "");
        observeBeforeOutage(context);
        context.faultStarts("Redis " + (kind == Kind.STOP ? "stopped" : "killed") + " for " + timing.outageSeconds() + " s");
        if (kind == Kind.STOP) {
            redis.stop();
        } else {
            redis.kill();
        }
        ApiProbe.Answers answers = ApiProbe.during(context.lab().apiUrl() + "/api/data",
                Duration.ofSeconds(timing.outageSeconds()));
        long threadsDuring = PrometheusScrape.sum(apiMetrics, "jvm_threads_live_threads", "");
        redis.start();
        context.faultEnds("Redis back");
        double recovery = ApiProbe.secondsUntilOk(context.lab().apiUrl() + "/api/data", Duration.ofSeconds(30));
        context.observe("API threads before / during the outage", threadsBefore + " / " + threadsDuring);
        context.check(threadsDuring <= threadsBefore + 20, "API threads piled up: " + threadsBefore + " -> " + threadsDuring);
        checkAnswers(context, answers, recovery);
    }

    /** The unwritten requests at stake, and (for the crash) the fsync policy that makes a 200 durable. */
    private void observeBeforeOutage(FaultContext context) {
        try (Jedis redis = context.lab().connectRedis()) {
            if (kind == Kind.CRASH) {
                String fsync = redis.configGet("appendfsync").get("appendfsync");
                context.observe("appendfsync", fsync);
                context.check("always".equals(fsync), "Redis runs with appendfsync " + fsync + ", not always");
            }
            context.observe("unwritten requests in the stream just before the fault",
                    redis.xlen(RedisKeys.WRITE_STREAM));
        }
    }

    private static void checkAnswers(FaultContext context, ApiProbe.Answers answers, double recovery) {
        context.observe("slowest answer while Redis was down", answers.slowestMillis() + " ms");
        context.observe("answers other than 503 while Redis was down", answers.total() - answers.rejected());
        context.observe("first 200 after Redis returned", recovery + " s");
        context.check(answers.slowestMillis() < 1000, "an answer took " + answers.slowestMillis() + " ms while Redis was down");
        context.check(answers.rejected() == answers.total(),
                (answers.total() - answers.rejected()) + " answers were not 503 while Redis was down");
        context.check(recovery <= 5, "the API took " + recovery + " s to recover");
    }
}
