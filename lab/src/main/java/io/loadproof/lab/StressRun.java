package io.loadproof.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.lab.audit.AuditResult;
import io.loadproof.lab.audit.LossAudit;
import io.loadproof.lab.load.LoadGenerator;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.load.Scenario;
import io.loadproof.lab.monitor.BacklogDrain;
import io.loadproof.lab.monitor.CpuWatch;
import io.loadproof.lab.monitor.Sample;
import io.loadproof.lab.monitor.Sampler;
import io.loadproof.lab.report.RunChart;
import io.loadproof.lab.report.SummaryReport;
import io.loadproof.lab.report.Timeline;
import io.loadproof.lab.system.SystemUnderTest;

/** One run of the stress scenario against a system: the load, the drain, the loss audit, the report. */
final class StressRun {

    private final LabOptions options;
    private final Scenario scenario;
    private final Path runDirectory;
    private final String gatlingJavaOptions;
    private volatile ManagedProcess loadGenerator;

    /** What the run measured while the system was under load and draining. */
    private record Measured(LoadRecorder.Summary load, Optional<Duration> drained, List<Sample> samples,
            CpuWatch.Spent cpu) {
    }

    /** @throws IllegalArgumentException when the scenario has no such profile */
    StressRun(LabOptions options, Scenario scenario, Path runDirectory, String gatlingJavaOptions) {
        this.options = options;
        this.scenario = scenario;
        this.runDirectory = runDirectory;
        this.gatlingJavaOptions = gatlingJavaOptions;
        scenario.profile(options.profile);
    }

    /** @return 0 when the thresholds and the audit pass, 1 when they do not, 2 when the load did not run */
    int against(SystemUnderTest system) throws IOException, InterruptedException {
        Scenario.Profile profile = scenario.profile(options.profile);
        Console.step("Lab run '" + options.profile + "' against " + system.apiUrl() + ": " + profile.peakUsers()
                + " users at peak, " + profile.totalDuration().toSeconds() + " s of load; report in " + runDirectory);
        Optional<LossAudit> audit = LossAudit.prepare(system);
        Optional<Measured> measured = measure(system, audit);
        if (measured.isEmpty()) {
            return 2;
        }
        Optional<AuditResult> result = audit.map(check -> {
            Console.step("Auditing MongoDB against the acknowledged requests");
            return check.check(measured.get().load(), runDirectory.resolve(LoadRecorder.SAMPLED_IDS_FILE), 0);
        });
        return report(system, measured.get(), result);
    }

    /** Kills the load generator, if one runs (Ctrl-C). */
    void stopLoad() {
        ManagedProcess running = loadGenerator;
        if (running != null) {
            running.kill();
        }
    }

    private Optional<Measured> measure(SystemUnderTest system, Optional<LossAudit> audit) throws InterruptedException {
        try (Sampler sampler = new Sampler(system, 5).start()) {
            Optional<LoadRecorder.Summary> load = runLoad(system, sampler);
            if (load.isEmpty()) {
                return Optional.empty();
            }
            CpuWatch.Spent cpu = sampler.cpu().spent();
            system.afterLoad();
            Optional<Duration> drained = drain(system, audit, load.get());
            return Optional.of(new Measured(load.get(), drained, sampler.samples(), cpu));
        }
    }

    private Optional<LoadRecorder.Summary> runLoad(SystemUnderTest system, Sampler sampler) throws InterruptedException {
        Console.step("Running the stress scenario with Gatling (its log: logs/gatling.log)");
        loadGenerator = new LoadGenerator(options.scenarioFile, options.profile, scenario.requestTimeoutSeconds(),
                gatlingJavaOptions, List.of())
                .start(system.apiUrl(), runDirectory);
        Map<String, Long> processes = new LinkedHashMap<>(system.processes());
        processes.put("gatling (load generator)", loadGenerator.pid());
        sampler.cpu().watch(processes);
        int exit = loadGenerator.waitFor();
        Optional<LoadRecorder.Summary> load = LoadGenerator.readSummary(runDirectory);
        load.ifPresentOrElse(summary -> Console.step(String.format("Load done: %,d requests, p95 %d ms, p99 %d ms, "
                + "%.2f%% failed checks", summary.requests(), summary.p95Ms(), summary.p99Ms(), summary.errorRate() * 100)),
                () -> Console.warn("the load generator recorded nothing (exit " + exit + "); see logs/gatling.log"));
        return load;
    }

    private Optional<Duration> drain(SystemUnderTest system, Optional<LossAudit> audit, LoadRecorder.Summary load) {
        Duration timeout = options.drainTimeout;
        if (system.redis().isPresent()) {
            Console.step("Waiting for the writers to drain the backlog (giving up if it stops shrinking for "
                    + timeout.toSeconds() + " s)");
            return BacklogDrain.await(system.redis().get(), timeout);
        }
        if (audit.isPresent()) {
            Console.step("Waiting for the acknowledged documents to be stored (at most " + timeout.toSeconds() + " s)");
            return audit.get().awaitStored(load, timeout);
        }
        return Optional.empty();
    }

    private int report(SystemUnderTest system, Measured measured, Optional<AuditResult> audit) throws IOException {
        Timeline timeline = Timeline.join(runDirectory.resolve(LoadRecorder.TIMELINE_FILE), measured.samples());
        timeline.writeCsv(runDirectory.resolve("timeline.csv"));
        List<String> notes = new ArrayList<>();
        try {
            RunChart.write(timeline, system.mongoCeiling(), runDirectory.resolve("chart.png"));
        } catch (IOException | RuntimeException | Error e) {
            notes.add("The chart could not be drawn: " + e);
        }
        SummaryReport summary = new SummaryReport(options.profile, scenario, system.description(), measured.load(),
                audit, timeline, system.mongoCeiling(), measured.drained(), measured.cpu(), gatlingReport(), notes);
        Files.writeString(runDirectory.resolve("summary.md"), summary.render());
        System.out.println();
        System.out.println(summary.render());
        Console.step("Report: " + runDirectory.resolve("summary.md"));
        return summary.passed() ? 0 : 1;
    }

    private String gatlingReport() throws IOException {
        Path gatling = runDirectory.resolve("gatling");
        if (!Files.isDirectory(gatling)) {
            return "(none)";
        }
        try (Stream<Path> reports = Files.list(gatling)) {
            return reports.map(path -> path.resolve("index.html")).filter(Files::exists).findFirst()
                    .map(path -> runDirectory.relativize(path).toString()).orElse("(none)");
        }
    }
}
