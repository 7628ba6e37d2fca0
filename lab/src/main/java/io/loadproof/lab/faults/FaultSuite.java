package io.loadproof.lab.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.loadproof.embedded.ManagedProcess;
import io.loadproof.lab.audit.LossAudit;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.run.Console;
import io.loadproof.lab.run.Drain;
import io.loadproof.lab.run.LabEnvironment;
import io.loadproof.lab.run.LoadGenerator;
import io.loadproof.lab.run.Sampler;
import io.loadproof.lab.scenario.Scenario;

/**
 * The fault-injection suite: each scenario starts a fresh platform, puts it under steady load,
 * injects its fault, lets the backlog drain, and audits that every id of a 200 response is in
 * MongoDB exactly once. The report (a table per scenario: load, fault, errors seen by clients,
 * lost, duplicated, recovery time) goes to {@code faults.md}; the exit code is 0 only if every
 * scenario passed.
 */
public final class FaultSuite {

    private static final String USAGE = """
            usage: lab.sh faults [--quick] [--only NAME[,NAME]] [--output DIR]
              --quick   shorter scenarios (the CI version)
              --only    run these scenarios only: writer-kill, mongo-outage, redis-restart, queue-cap, poison, sigterm
            """;

    private static final Fault.Timing FULL = new Fault.Timing(100, 75, 15, 30);
    private static final Fault.Timing QUICK = new Fault.Timing(50, 35, 8, 8);

    private volatile LabEnvironment currentLab;
    private volatile ManagedProcess currentLoad;

    record Outcome(Fault fault, Fault.Timing timing, String status, Optional<LoadRecorder.Summary> load,
            Optional<LossAudit.Result> audit, Optional<Double> recoverySeconds, Map<String, String> observations,
            List<String> problems) {

        boolean passed() {
            return status.equals("PASS");
        }
    }

    public static void main(String[] args) {
        boolean quick = false;
        List<String> only = List.of();
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = List.of(args[++i].split(","));
                case "--output" -> output = Path.of(args[++i]);
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path directory = output != null ? output : root.resolve("target/lab/faults-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + (quick ? "-quick" : ""));
        List<String> selected = only;
        List<Fault> faults = Faults.all().stream().filter(f -> selected.isEmpty() || selected.contains(f.name())).toList();
        System.exit(new FaultSuite().run(root, directory, faults, quick ? QUICK : FULL));
    }

    int run(Path root, Path directory, List<Fault> faults, Fault.Timing timing) {
        Thread stopAll = new Thread(this::stopCurrent, "faults-shutdown");
        Runtime.getRuntime().addShutdownHook(stopAll);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (Fault fault : faults) {
                Console.step("Scenario " + fault.name() + ": " + fault.description() + " (" + timing.users()
                        + " users, " + timing.steadySeconds() + " s)");
                Outcome outcome = runOne(root, directory.resolve(fault.name()), fault, timing);
                outcomes.add(outcome);
                Console.step("Scenario " + fault.name() + ": " + outcome.status()
                        + (outcome.problems().isEmpty() ? "" : " " + outcome.problems()));
            }
            String report = FaultReport.render(outcomes);
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("faults.md"), report);
            System.out.println();
            System.out.println(report);
            Console.step("Report: " + directory.resolve("faults.md"));
        } catch (IOException e) {
            Console.warn("cannot write the report: " + e);
            return 2;
        } finally {
            stopCurrent();
            Runtime.getRuntime().removeShutdownHook(stopAll);
        }
        return outcomes.stream().allMatch(Outcome::passed) ? 0 : 1;
    }

    private Outcome runOne(Path root, Path directory, Fault fault, Fault.Timing timing) {
        LabEnvironment.Settings settings = LabEnvironment.Settings.fromEnvironment(root, directory)
                .withServiceEnvironment(fault.serviceEnvironment());
        if (fault.needsEmbeddedServers() && (settings.redisUrl().isPresent() || settings.mongoUri().isPresent())) {
            return new Outcome(fault, timing, "SKIPPED", Optional.empty(), Optional.empty(), Optional.empty(),
                    Map.of(), List.of("needs the embedded Redis and MongoDB: unset REDIS_URL and MONGO_URI"));
        }
        LabEnvironment lab = new LabEnvironment(settings);
        currentLab = lab;
        FaultContext context = new FaultContext(lab);
        try (lab; Sampler sampler = new Sampler(lab, 5)) {
            lab.start();
            sampler.start();
            Path scenarioFile = writeScenario(directory, timing);
            ManagedProcess load = LoadGenerator.start(lab.apiUrl(), scenarioFile, "fault", 10, directory,
                    System.getenv().getOrDefault("GATLING_JAVA_OPTS", "-Xms512m -Xmx2g -XX:+UseParallelGC"),
                    List.of("-Dlab.sampleEvery=1", "-Dlab.maxSampledRequests=5000000"));
            currentLoad = load;
            awaitLoad(sampler);
            FaultContext.sleepSeconds(timing.faultAfterSeconds());
            try {
                fault.inject(context, timing);
            } catch (Exception e) {
                context.problem("the fault could not be injected: " + e);
            }
            int exit = load.waitFor();
            Optional<LoadRecorder.Summary> summary = LoadGenerator.readSummary(directory);
            if (summary.isEmpty()) {
                context.problem("the load generator recorded nothing (exit " + exit + ")");
                return outcome(fault, timing, context, summary, Optional.empty(), Optional.empty());
            }
            Optional<Duration> drained = Drain.await(lab, Duration.ofSeconds(180));
            drained.ifPresent(took -> context.observe("backlog drained after the load in", took.toSeconds() + " s"));
            LossAudit.Result audit;
            try (var redis = lab.redis()) {
                audit = LossAudit.run(lab.mongoUri(), redis, summary.get(),
                        directory.resolve(LoadRecorder.SAMPLED_IDS_FILE), fault.expectedDeadLetters());
            }
            if (fault.clientsUnaffected()) {
                context.check(summary.get().httpFailed() == 0,
                        summary.get().httpFailed() + " requests failed although the fault was behind the queue");
            }
            return outcome(fault, timing, context, summary, Optional.of(audit),
                    Recoveries.measure(fault.recovery(), context, sampler.rows(), directory.resolve(LoadRecorder.TIMELINE_FILE)));
        } catch (RuntimeException | IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            context.problem("the scenario could not run: " + e);
            return outcome(fault, timing, context, Optional.empty(), Optional.empty(), Optional.empty());
        } finally {
            if (currentLoad != null) {
                currentLoad.kill();
            }
            currentLoad = null;
            currentLab = null;
        }
    }

    private static Outcome outcome(Fault fault, Fault.Timing timing, FaultContext context,
            Optional<LoadRecorder.Summary> load, Optional<LossAudit.Result> audit, Optional<Double> recovery) {
        boolean passed = context.problems().isEmpty() && audit.map(LossAudit.Result::passed).orElse(false);
        return new Outcome(fault, timing, passed ? "PASS" : "FAIL", load, audit, recovery, context.observations(),
                context.problems());
    }

    private static void awaitLoad(Sampler sampler) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (sampler.rows().stream().anyMatch(row -> row.apiRequests() > 0)) {
                return;
            }
            FaultContext.sleepSeconds(0.2);
        }
        throw new IllegalStateException("the load did not start within 90 s");
    }

    /** The stress scenario's checks and thresholds with a steady profile of its own. */
    private static Path writeScenario(Path directory, Fault.Timing timing) throws IOException {
        Scenario base = Scenario.read(Scenario.DEFAULT_FILE);
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

    private void stopCurrent() {
        ManagedProcess load = currentLoad;
        if (load != null) {
            load.kill();
        }
        LabEnvironment lab = currentLab;
        if (lab != null) {
            lab.close();
        }
    }
}
