package io.loadproof.lab.faults.scenarios;

import java.time.Duration;
import java.util.Map;

import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.model.EnvironmentVariable;
import redis.clients.jedis.Jedis;

/**
 * Redis at {@code maxmemory} under load. The writers are held to a budget that drains about 400
 * requests/s, fewer than the clients send even on a busy machine, so the backlog grows; the fault sets {@code maxmemory}
 * a few MB above what Redis uses and keeps the limit to the end of the scenario. The API's
 * refusal point is 1 MB below it ({@code QUEUE_MEMORY_RESERVE=1M}), so the queue soon fills: the
 * API refuses by its own reading of Redis' memory, or Redis refuses the writes that get past it
 * (OOM). Either way the API must answer 503 with {@code Retry-After}, fast; the writers must keep
 * draining at the limit (their deletes free the memory that lets 200s return while the limit
 * holds), and after the load the backlog must drain to zero with the limit still in force;
 * nothing acknowledged may be lost.
 */
public final class RedisMaxMemory extends Fault {

    /** MongoDB commands a second for all writers: with 1,000-document batches, 400 requests/s. */
    private static final int WRITER_BUDGET = 2;
    private static final long HEADROOM_BYTES = 2L << 20;
    private static final long API_RESERVE_BYTES = 1L << 20;
    private static final Duration LIMIT_REACHED_WITHIN = Duration.ofSeconds(30);

    public RedisMaxMemory() {
        super("redis-maxmemory", "Redis maxmemory set 2 MB above its use while the writers drain slower than clients "
                + "send, kept to the end", Recovery.NONE);
    }

    @Override
    public boolean needsEmbeddedServers() {
        return true;
    }

    @Override
    public Map<String, String> serviceEnvironment() {
        return Map.of(EnvironmentVariable.MONGO_IOPS_BUDGET.name(), String.valueOf(WRITER_BUDGET),
                EnvironmentVariable.QUEUE_MEMORY_RESERVE.name(), String.valueOf(API_RESERVE_BYTES));
    }

    /** The probe's window starts once Redis refuses writes, however fast the backlog grows on this machine. */
    @Override
    public void inject(FaultContext context, Timing timing) {
        try (Jedis redis = context.lab().connectRedis()) {
            long limit = info(redis, "memory", "used_memory") + HEADROOM_BYTES;
            long refusedBefore = info(redis, "errorstats", "errorstat_OOM");
            redis.configSet("maxmemory", String.valueOf(limit));
            context.faultStarts(String.format("Redis maxmemory %,d bytes (%,d in use)", limit, limit - HEADROOM_BYTES));
            long reachedAfter = System.nanoTime();
            while (info(redis, "errorstats", "errorstat_OOM") == refusedBefore
                    && info(redis, "memory", "used_memory") < limit - API_RESERVE_BYTES
                    && System.nanoTime() - reachedAfter < LIMIT_REACHED_WITHIN.toNanos()) {
                FaultContext.sleepSeconds(0.1);
            }
            context.observe("refusal point reached after", Duration.ofNanos(System.nanoTime() - reachedAfter).toMillis() + " ms");
            ApiProbe.Answers answers = ApiProbe.during(context.lab().apiUrl() + "/api/data",
                    Duration.ofSeconds(timing.outageSeconds()));
            long refused = info(redis, "errorstats", "errorstat_OOM") - refusedBefore;
            context.faultEnds("maxmemory kept: the backlog must drain at the limit");
            context.observe("writes Redis refused with OOM", refused);
            context.check(info(redis, "memory", "used_memory") >= limit - API_RESERVE_BYTES - HEADROOM_BYTES,
                    "Redis' memory never came near the limit");
            checkAnswers(context, answers);
        }
    }

    private static void checkAnswers(FaultContext context, ApiProbe.Answers answers) {
        context.observe("probe answers at maxmemory (200 / 503 / other)",
                answers.ok() + " / " + answers.rejected() + " / " + answers.other());
        context.observe("slowest answer at maxmemory", answers.slowestMillis() + " ms");
        context.check(answers.rejected() > 0, "the API never answered 503 while Redis refused writes");
        context.check(answers.other() == 0, answers.other() + " answers were neither 200 nor 503 at maxmemory");
        context.check(answers.rejectedWithoutRetryAfter() == 0,
                answers.rejectedWithoutRetryAfter() + " answers 503 without Retry-After at maxmemory");
        context.check(answers.slowestMillis() < 1000, "an answer took " + answers.slowestMillis() + " ms at maxmemory");
        context.check(answers.okAfterRejection(),
                "no 200 after the first 503: the writers did not free memory at maxmemory");
    }

    /** A number from {@code INFO section}, e.g. {@code used_memory:1234} or {@code errorstat_OOM:count=5}; 0 when absent. */
    static long info(Jedis redis, String section, String field) {
        return redis.info(section).lines()
                .filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(line.lastIndexOf(':') + 1).replaceAll("^count=|,.*$", "").trim())
                .mapToLong(Long::parseLong).findFirst().orElse(0);
    }
}
