package io.loadproof.lab.faults.scenarios;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.embedded.redis.SentinelTopology;
import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.model.RedisKeys;

/**
 * The Redis machine is lost under load: the primary killed ({@code kill -9}) and its data directory
 * deleted. The Sentinels promote the replica and both services follow without a restart; the API
 * waits for a replica's acknowledgement before each 200 ({@code REDIS_MIN_REPLICAS=1}, which
 * LabEnvironment gives it whenever the lab runs Sentinels), so until the lost node is back, empty,
 * as the new primary's replica, it answers 503. The audit then finds every id answered 200, before
 * and after, exactly once.
 */
public final class RedisPrimaryLost extends Fault {

    private static final Duration PROMOTION = Duration.ofSeconds(30);

    public RedisPrimaryLost() {
        super("redis-primary-lost", "Redis primary killed (kill -9) and its data deleted; Sentinel promotes the replica, "
                + "the lost node returns empty as its replica", Recovery.CLIENTS_SERVED);
    }

    @Override
    public boolean needsEmbeddedServers() {
        return true;
    }

    @Override
    public boolean needsSentinels() {
        return true;
    }

    @Override
    public void inject(FaultContext context, Timing timing) {
        SentinelTopology topology = context.lab().sentinel().orElseThrow();
        String data = context.lab().apiUrl() + "/api/data";
        RedisServerProcess replica = topology.replica();
        context.observe("unwritten requests on the primary just before the fault",
                topology.primary().command("XLEN", RedisKeys.WRITE_STREAM));
        context.faultStarts("Redis primary on :" + topology.primaryPort() + " killed, its data directory deleted");
        long killed = System.nanoTime();
        RedisServerProcess lost = topology.losePrimary();
        CompletableFuture<Boolean> promotion = CompletableFuture.supplyAsync(() -> awaitPromotion(topology, replica))
                .thenApply(promoted -> {
                    context.observe("replica promoted after", promoted ? seconds(killed) + " s" : "never");
                    return promoted;
                });
        ApiProbe.Answers answers = ApiProbe.during(data, Duration.ofSeconds(timing.outageSeconds()));
        boolean promoted = promotion.join();
        topology.restart(lost);
        context.faultEnds("the lost node restarted empty");
        double recovery = ApiProbe.secondsUntilOk(data, PROMOTION);
        context.observe("first 200 after the kill", seconds(killed) + " s");
        checkAnswers(context, answers, promoted, recovery);
        checkRejoined(context, lost, replica);
    }

    private static boolean awaitPromotion(SentinelTopology topology, RedisServerProcess replica) {
        return within(PROMOTION, () -> topology.primaryPort() == replica.port());
    }

    /** Polls every 100 ms; a check that throws (a node not answering yet) counts as not yet. */
    private static boolean within(Duration timeout, BooleanSupplier condition) {
        for (long end = System.nanoTime() + timeout.toNanos(); System.nanoTime() < end; FaultContext.sleepSeconds(0.1)) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // checked again at the next poll
            }
        }
        return false;
    }

    private static void checkAnswers(FaultContext context, ApiProbe.Answers answers, boolean promoted, double recovery) {
        context.observe("answers while there was no primary with a replica: 200 / 503 / other",
                answers.ok() + " / " + answers.rejected() + " / " + answers.other());
        context.observe("slowest of them", answers.slowestMillis() + " ms");
        context.check(promoted, "the Sentinels did not promote the replica within " + PROMOTION.toSeconds() + " s");
        context.check(answers.ok() == 0, answers.ok() + " answers were 200 while no replica could acknowledge them");
        context.check(answers.other() == 0, answers.other() + " answers were neither 200 nor 503");
        context.check(answers.slowestMillis() < 2000, "an answer took " + answers.slowestMillis() + " ms");
        context.check(recovery < PROMOTION.toSeconds(), "no 200 within " + recovery + " s of the lost node's return");
    }

    private static void checkRejoined(FaultContext context, RedisServerProcess lost, RedisServerProcess primary) {
        String expected = "master_port:" + primary.port();
        boolean rejoined = within(PROMOTION, () -> {
            String replication = String.valueOf(lost.command("INFO", "replication"));
            return replication.contains("role:slave") && replication.contains(expected)
                    && replication.contains("master_link_status:up");
        });
        context.observe("the lost node", rejoined ? "back, empty, as a replica of :" + primary.port() : "not back");
        context.check(rejoined, "the lost node did not come back as a replica of :" + primary.port());
    }

    private static double seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis() / 1000.0;
    }
}
