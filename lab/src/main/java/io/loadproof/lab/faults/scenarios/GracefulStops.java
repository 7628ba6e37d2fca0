package io.loadproof.lab.faults.scenarios;

import java.util.Map;

import io.loadproof.lab.Console;
import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.lab.monitor.StreamBacklog;
import redis.clients.jedis.Jedis;

/** SIGTERM of the writer, then of the API, during the load, each restarted: a writer finishes its batch first. */
public final class GracefulStops extends Fault {

    public GracefulStops() {
        super("sigterm", "SIGTERM of the writer, then of the API, each restarted", Recovery.CLIENTS_SERVED);
    }

    @Override
    public Map<String, String> serviceEnvironment() {
        return WriterKill.FAST_CLAIMS;
    }

    @Override
    public void inject(FaultContext context, Timing timing) {
        context.faultStarts("SIGTERM writer-service");
        int writerExit = context.lab().stopWriter();
        long pending;
        try (Jedis redis = context.lab().connectRedis()) {
            pending = StreamBacklog.pending(redis);
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
