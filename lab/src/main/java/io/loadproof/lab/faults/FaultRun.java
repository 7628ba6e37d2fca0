package io.loadproof.lab.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.lab.audit.AuditResult;
import io.loadproof.lab.audit.LossAudit;
import io.loadproof.lab.load.LoadGenerator;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.load.Scenario;
import io.loadproof.lab.monitor.BacklogDrain;
import io.loadproof.lab.monitor.Sampler;
import io.loadproof.lab.processes.LabEnvironment;
import io.loadproof.lab.processes.LabSettings;

/**
 * One scenario of the fault suite: a fresh platform, steady closed-loop load that records every
 * returned id, the fault, the drain, and the audit of every id answered with 200.
 */
final class FaultRun {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);

    private final Fault fault;
    private final Fault.Timing timing;
    private final Path directory;
    private final LabSettings settings;
    private volatile LabEnvironment lab;
    private volatile ManagedProcess load;

    /** @param settings the platform's, with the scenario's own run directory */
    FaultRun(Fault fault, Fault.Timing timing, LabSettings settings) {
        this.fault = fault;
        this.timing = timing;
        this.directory = settings.runDirectory();
        this.settings = settings.withServiceEnvironment(fault.serviceEnvironment())
                .withRedisSentinel(settings.redisSentinel() || fault.needsSentinels());
    }

    FaultOutcome run() {
        if (fault.needsEmbeddedServers() && settings.usesExternalServers()) {
            return FaultOutcome.skipped(fault, timing, "needs the embedded Redis and MongoDB: unset REDIS_URL and MONGO_URI");
        }
        lab = new LabEnvironment(settings);
        FaultContext context = new FaultContext(lab);
        try (Sampler sampler = new Sampler(lab, 5)) {
            lab.start();
            sampler.start();
            LossAudit audit = LossAudit.prepare(lab).orElseThrow();
            startLoad();
            awaitLoad(sampler);
            FaultContext.sleepSeconds(timing.faultAfterSeconds());
            inject(context);
            return finish(context, audit, sampler);
        } catch (RuntimeException | IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            context.problem("the scenario could not run: " + e);
            return FaultOutcome.of(fault, timing, context, Optional.empty(), Optional.empty(), Optional.empty());
        } finally {
            stop();
        }
    }

    /** Kills the load and stops the platform (also from a shutdown hook). */
    void stop() {
        ManagedProcess running = load;
        if (running != null) {
            running.kill();
        }
        LabEnvironment platform = lab;
        if (platform != null) {
            platform.close();
        }
    }

    private void inject(FaultContext context) {
        try {
            fault.inject(context, timing);
        } catch (Exception e) {
            context.problem("the fault could not be injected: " + e);
        }
    }

    private FaultOutcome finish(FaultContext context, LossAudit audit, Sampler sampler) throws InterruptedException {
        int exit = load.waitFor();
        Optional<LoadRecorder.Summary> summary = LoadGenerator.readSummary(directory);
        if (summary.isEmpty()) {
            context.problem("the load generator recorded nothing (exit " + exit + ")");
            return FaultOutcome.of(fault, timing, context, summary, Optional.empty(), Optional.empty());
        }
        BacklogDrain.await(lab::connectRedis, DRAIN_TIMEOUT)
                .ifPresent(took -> context.observe("backlog drained after the load in", took.toSeconds() + " s"));
        AuditResult result = audit.check(summary.get(), directory.resolve(LoadRecorder.SAMPLED_IDS_FILE),
                fault.expectedDeadLetters());
        if (fault.clientsUnaffected()) {
            checkClientsUnaffected(context, summary.get());
        }
        return FaultOutcome.of(fault, timing, context, summary, Optional.of(result), Recoveries.measure(fault.recovery(),
                context, sampler.samples(), directory.resolve(LoadRecorder.TIMELINE_FILE)));
    }

    /**
     * From the fault's start on, no request may fail; failures before it (a cold start on a busy
     * machine) are not the fault's and are only reported.
     */
    private void checkClientsUnaffected(FaultContext context, LoadRecorder.Summary summary) {
        long fromFault = Recoveries.failedRequestsFrom(directory.resolve(LoadRecorder.TIMELINE_FILE),
                context.faultStartMillis() / 1000);
        if (summary.httpFailed() > fromFault) {
            context.observe("requests failed before the fault (not caused by it)", summary.httpFailed() - fromFault);
        }
        context.check(fromFault == 0, fromFault + " requests failed although the fault was behind the queue");
    }

    /** Every returned id recorded, not a sample: the audit checks each one. */
    private void startLoad() throws IOException {
        Path scenarioFile = writeScenario();
        load = new LoadGenerator(scenarioFile, "fault", 10,
                System.getenv().getOrDefault("GATLING_JAVA_OPTS", "-Xms512m -Xmx2g -XX:+UseParallelGC"),
                List.of("-Dlab.sampleEvery=1", "-Dlab.maxSampledRequests=5000000"))
                .start(lab.apiUrl(), directory);
    }

    private static void awaitLoad(Sampler sampler) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (sampler.samples().stream().anyMatch(sample -> sample.apiRequests() > 0)) {
                return;
            }
            FaultContext.sleepSeconds(0.2);
        }
        throw new IllegalStateException("the load did not start within 90 s");
    }

    /** The stress scenario's checks and thresholds with a steady profile of its own. */
    private Path writeScenario() throws IOException {
        Scenario base = Scenario.read(settings.root().resolve(Scenario.DEFAULT_FILE));
        Scenario.Profile steady = new Scenario.Profile(List.of(
                new Scenario.Stage("3s", timing.users()),
                new Scenario.Stage(timing.steadySeconds() + "s", timing.users()),
                new Scenario.Stage("2s", 0)));
        Scenario scenario = new Scenario(base.endpoint(), base.readinessPath(), base.requestTimeoutSeconds(),
                base.gracefulStopSeconds(), base.maxCheckDurationMs(), base.thresholds(), "fault", Map.of("fault", steady));
        Files.createDirectories(directory);
        Path file = directory.resolve("scenario.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), scenario);
        return file;
    }
}
