package io.loadproof.lab.faults.scenarios;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.model.EnvironmentVariable;
import io.loadproof.model.RedisKeys;
import redis.clients.jedis.Jedis;

/** The backlog cap reached while the writers are stopped: 503s with Retry-After, and nothing trimmed. */
public final class QueueCap extends Fault {

    static final int CAP = 3000;

    public QueueCap() {
        super("queue-cap", "writers stopped until the backlog reaches MAX_QUEUE_SIZE=" + CAP + ", then restarted",
                Recovery.CLIENTS_SERVED);
    }

    @Override
    public Map<String, String> serviceEnvironment() {
        return Map.of(EnvironmentVariable.MAX_QUEUE_SIZE.name(), String.valueOf(CAP));
    }

    @Override
    public void inject(FaultContext context, Timing timing) {
        context.faultStarts("writers stopped");
        context.lab().stopWriter();
        HttpResponse<String> refused = firstRefusal(context.lab().apiUrl() + "/api/data", Duration.ofSeconds(60));
        context.check(refused != null, "the API never answered 503 at the cap");
        if (refused != null) {
            context.observe("answer at the cap", refused.statusCode() + " Retry-After="
                    + refused.headers().firstValue("Retry-After").orElse("(none)") + " " + refused.body());
            context.check(refused.headers().firstValue("Retry-After").isPresent(), "no Retry-After at the cap");
        }
        try (Jedis redis = context.lab().connectRedis()) {
            long first = redis.xlen(RedisKeys.WRITE_STREAM);
            FaultContext.sleepSeconds(timing.outageSeconds());
            long second = redis.xlen(RedisKeys.WRITE_STREAM);
            context.observe("backlog at the cap, then " + timing.outageSeconds() + " s later", first + " -> " + second);
            context.check(second >= first, "entries disappeared while no writer ran: " + first + " -> " + second);
            context.check(second <= CAP + 2000, "the backlog overshot the cap by more than 2,000: " + second);
        }
        context.lab().startWriter();
        context.faultEnds("writers restarted");
    }

    private static HttpResponse<String> firstRefusal(String url, Duration timeout) {
        for (long deadline = System.nanoTime() + timeout.toNanos(); System.nanoTime() < deadline; FaultContext.sleepSeconds(0.2)) {
            HttpResponse<String> response = ApiProbe.get(url);
            if (response != null && response.statusCode() == 503) {
                return response;
            }
        }
        return null;
    }
}
