package io.loadproof.lab.faults.scenarios;

import java.util.Map;

import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.lab.monitor.PrometheusScrape;
import io.loadproof.lab.monitor.StreamBacklog;
import io.loadproof.model.EnvironmentVariable;
import redis.clients.jedis.Jedis;

/** kill -9 of the writer in the middle of a batch, then a new one whose workers claim what the dead one held. */
public final class WriterKill extends Fault {

    /** A short claim time, so that a dead writer's pending entries are taken over within the run. */
    static final int CLAIM_IDLE_SECONDS = 5;
    static final Map<String, String> FAST_CLAIMS = Map.of(EnvironmentVariable.CLAIM_IDLE_MS.name(), String.valueOf(CLAIM_IDLE_SECONDS * 1000));

    public WriterKill() {
        super("writer-kill", "kill -9 of the writer mid-batch, a new writer 2 s later", Recovery.BACKLOG_DRAINED);
    }

    @Override
    public boolean clientsUnaffected() {
        return true;
    }

    @Override
    public Map<String, String> serviceEnvironment() {
        return FAST_CLAIMS;
    }

    @Override
    public void inject(FaultContext context, Timing timing) {
        context.faultStarts(description());
        context.lab().killWriter();
        long pending;
        try (Jedis redis = context.lab().connectRedis()) {
            pending = StreamBacklog.pending(redis);
        }
        context.observe("entries pending on the killed writer", pending);
        FaultContext.sleepSeconds(2);
        context.lab().startWriter();
        context.faultEnds("new writer started");
        FaultContext.sleepSeconds(CLAIM_IDLE_SECONDS + 4);
        long claims = PrometheusScrape.sum(context.lab().writerUrl() + "/q/metrics", "writer_claims_total", "");
        context.observe("entries claimed by the new writer", claims);
        context.check(pending == 0 || claims > 0, "the dead writer's pending entries were not claimed");
    }
}
