package io.loadproof.lab.faults.scenarios;

import java.util.Locale;
import java.util.Map;

import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.lab.monitor.PrometheusScrape;
import io.loadproof.lab.processes.ConstrainedMongo;
import io.loadproof.model.EnvironmentVariable;

/** MongoDB stopped for a while, then back: clients must not notice, the writers must wait without spinning. */
public final class MongoOutage extends Fault {

    private static final String RETRIES = "writer_database_unavailable_retries_total";

    public MongoOutage() {
        super("mongo-outage", "MongoDB stopped, then started again", Recovery.BACKLOG_DRAINED);
    }

    @Override
    public boolean clientsUnaffected() {
        return true;
    }

    @Override
    public boolean needsEmbeddedServers() {
        return true;
    }

    /**
     * The queue must hold the whole outage: at the ~7,000 requests/s two cores serve, 30 s are
     * 210,000 entries, past the default cap of 200,000 (which would answer 503s, by design).
     */
    @Override
    public Map<String, String> serviceEnvironment() {
        return Map.of(EnvironmentVariable.MAX_QUEUE_SIZE.name(), "1000000");
    }

    @Override
    public void inject(FaultContext context, Timing timing) {
        ConstrainedMongo mongo = context.lab().embeddedMongo().orElseThrow();
        String metrics = context.lab().writerUrl() + "/q/metrics";
        long retriesBefore = Math.max(0, PrometheusScrape.sum(metrics, RETRIES, ""));
        context.faultStarts("MongoDB stopped for " + timing.outageSeconds() + " s");
        mongo.stop();
        FaultContext.sleepSeconds(timing.outageSeconds() / 2.0);
        int writerReadiness = ManagedProcess.status(context.lab().writerUrl() + "/q/health/ready");
        context.observe("writer readiness during the outage", writerReadiness);
        context.check(writerReadiness == 503, "the writer stayed ready while MongoDB was down");
        FaultContext.sleepSeconds(timing.outageSeconds() / 2.0);
        long retries = PrometheusScrape.sum(metrics, RETRIES, "") - retriesBefore;
        mongo.start();
        context.faultEnds("MongoDB back");
        context.observe("writer retries during the outage", retries + " (" + String.format(Locale.ROOT, "%.1f",
                (double) retries / timing.outageSeconds()) + "/s)");
        context.check(retries <= 10L * timing.outageSeconds(), "the writers spun: " + retries + " retries");
    }
}
