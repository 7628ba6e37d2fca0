package io.loadproof.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.loadproof.embedded.ManagedProcess;
import io.loadproof.lab.audit.LossAudit;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.report.RunChart;
import io.loadproof.lab.report.SummaryReport;
import io.loadproof.lab.report.Timeline;
import io.loadproof.lab.run.Console;
import io.loadproof.lab.run.Drain;
import io.loadproof.lab.run.LabEnvironment;
import io.loadproof.lab.run.LoadGenerator;
import io.loadproof.lab.run.Sampler;
import io.loadproof.lab.scenario.Scenario;

/**
 * The lab: starts the whole platform on this machine, runs the stress scenario against it with
 * Gatling, waits for the backlog to drain, audits MongoDB for lost or duplicated documents, writes
 * the report, and stops everything it started (also on Ctrl-C or failure). Exit code 0 only when
 * every threshold and the audit pass.
 */
public final class Lab {

    private static final String USAGE = """
            usage: lab.sh [--profile smoke|lab|full] [--output DIR] [--scenario FILE] [--drain-timeout SECONDS]
              --profile        stages of stress-test/scenario.json to run (default: smoke)
              --output         where the report goes (default: target/lab/<time>-<profile>)
              --drain-timeout  longest wait for the backlog to drain after the load (default: 600)
            environment: REDIS_URL, REDIS_PASSWORD, MONGO_URI (use those servers instead of the embedded ones),
              MONGO_IOPS (the embedded MongoDB's ceiling, default 100), API_JAVA_OPTS, WRITER_JAVA_OPTS,
              GATLING_JAVA_OPTS, and every variable of the services (BATCH_SIZE, WRITE_WORKERS, ...)
            """;

    record Options(String profile, Optional<Path> output, Path scenarioFile, Duration drainTimeout) {

        static Options parse(String[] args) {
            String profile = "smoke";
            Path output = null;
            Path scenario = Scenario.DEFAULT_FILE;
            Duration drain = Duration.ofSeconds(600);
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--profile" -> profile = require(value, args[i++]);
                    case "--output" -> output = Path.of(require(value, args[i++]));
                    case "--scenario" -> scenario = Path.of(require(value, args[i++]));
                    case "--drain-timeout" -> drain = Duration.ofSeconds(Long.parseLong(require(value, args[i++])));
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(profile, Optional.ofNullable(output), scenario, drain);
        }

        private static String require(String value, String option) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().isEmpty() ? USAGE : e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        System.exit(new Lab().run(options));
    }

    int run(Options options) {
        Path root = Path.of("").toAbsolutePath();
        Scenario scenario = Scenario.read(options.scenarioFile());
        Scenario.Profile profile = scenario.profile(options.profile());
        for (String service : List.of("api-service", "writer-service")) {
            if (!Files.exists(root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar"))) {
                Console.warn(service + " is not built: run ./lab.sh (it builds) or ./mvnw -B package -DskipTests");
                return 2;
            }
        }
        Path runDirectory = options.output().orElseGet(() -> root.resolve("target/lab")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + options.profile()));
        Console.step("Lab run '" + options.profile() + "': " + profile.peakUsers() + " users at peak, "
                + profile.totalDuration().toSeconds() + " s of load; report in " + root.relativize(runDirectory.toAbsolutePath()));

        LabEnvironment lab = new LabEnvironment(LabEnvironment.Settings.fromEnvironment(root, runDirectory));
        List<ManagedProcess> loadGenerators = new ArrayList<>();
        Thread stopAll = new Thread(() -> {
            loadGenerators.forEach(ManagedProcess::kill);
            lab.close();
        }, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            lab.start();
            return runLoadAndAudit(options, scenario, lab, runDirectory, loadGenerators);
        } catch (RuntimeException | IOException e) {
            Console.warn("lab run failed: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            Console.step("Stopping every process the lab started");
            loadGenerators.forEach(ManagedProcess::kill);
            lab.close();
            Runtime.getRuntime().removeShutdownHook(stopAll);
        }
    }

    private int runLoadAndAudit(Options options, Scenario scenario, LabEnvironment lab, Path runDirectory,
            List<ManagedProcess> loadGenerators) throws IOException, InterruptedException {
        try (Sampler sampler = new Sampler(lab, 5).start()) {
            Console.step("Running the stress scenario with Gatling (its log: "
                    + runDirectory.relativize(runDirectory.resolve("logs/gatling.log")) + ")");
            ManagedProcess gatling = LoadGenerator.start(lab.apiUrl(), options.scenarioFile(), options.profile(),
                    scenario.requestTimeoutSeconds(), runDirectory,
                    System.getenv().getOrDefault("GATLING_JAVA_OPTS", "-Xms1g -Xmx2g -XX:+UseParallelGC"));
            loadGenerators.add(gatling);
            Map<String, Long> processes = new LinkedHashMap<>(lab.processes());
            processes.put("gatling (load generator)", gatling.pid());
            sampler.watchCpu(processes);
            int gatlingExit = gatling.waitFor();
            Map<String, Double> cpu = sampler.cpuUsed();
            double cpuSeconds = sampler.cpuWatchSeconds();
            Optional<LoadRecorder.Summary> recorded = LoadGenerator.readSummary(runDirectory);
            if (recorded.isEmpty()) {
                Console.warn("the load generator recorded nothing (exit " + gatlingExit + "); see logs/gatling.log");
                return 2;
            }
            LoadRecorder.Summary load = recorded.get();
            Console.step(String.format("Load done: %,d requests, p95 %d ms, p99 %d ms, %.2f%% failed checks",
                    load.requests(), load.p95Ms(), load.p99Ms(), load.errorRate() * 100));

            Console.step("Waiting for the writers to drain the backlog (at most " + options.drainTimeout().toSeconds() + " s)");
            Optional<Duration> drained = Drain.await(lab, options.drainTimeout());

            Console.step("Auditing MongoDB against the acknowledged requests");
            LossAudit.Result audit;
            try (var redis = lab.redis()) {
                audit = LossAudit.run(lab.mongoUri(), redis, load, runDirectory.resolve(LoadRecorder.SAMPLED_IDS_FILE));
            }
            return report(options, scenario, lab, runDirectory, sampler, load, drained, audit,
                    new SummaryReport.CpuSpent(cpu, cpuSeconds));
        }
    }

    private int report(Options options, Scenario scenario, LabEnvironment lab, Path runDirectory, Sampler sampler,
            LoadRecorder.Summary load, Optional<Duration> drained, LossAudit.Result audit, SummaryReport.CpuSpent cpu)
            throws IOException {
        Timeline timeline = Timeline.join(runDirectory.resolve(LoadRecorder.TIMELINE_FILE), sampler.rows());
        timeline.writeCsv(runDirectory.resolve("timeline.csv"));
        List<String> notes = new ArrayList<>();
        try {
            RunChart.write(timeline, lab.embeddedMongo().isPresent() ? lab.mongoIops() : 0, runDirectory.resolve("chart.png"));
        } catch (IOException | RuntimeException | Error e) {
            notes.add("The chart could not be drawn: " + e);
        }
        String gatlingReport = findGatlingReport(runDirectory).map(path -> runDirectory.relativize(path).toString())
                .orElse("(none)");
        SummaryReport.Inputs inputs = new SummaryReport.Inputs(options.profile(), scenario, load, audit, timeline,
                lab.embeddedMongo().isPresent() ? lab.mongoIops() : 0, drained.orElse(null), cpu, gatlingReport, notes);
        SummaryReport.write(inputs, runDirectory.resolve("summary.md"));
        System.out.println();
        System.out.println(SummaryReport.render(inputs));
        Console.step("Report: " + runDirectory.resolve("summary.md"));
        return load.verdict().passed() && audit.passed() ? 0 : 1;
    }

    private static Optional<Path> findGatlingReport(Path runDirectory) throws IOException {
        Path gatling = runDirectory.resolve("gatling");
        if (!Files.isDirectory(gatling)) {
            return Optional.empty();
        }
        try (Stream<Path> reports = Files.list(gatling)) {
            return reports.map(path -> path.resolve("index.html")).filter(Files::exists).findFirst();
        }
    }
}
