package io.loadproof.lab.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

import io.loadproof.lab.Console;
import io.loadproof.lab.faults.scenarios.GracefulStops;
import io.loadproof.lab.faults.scenarios.MongoOutage;
import io.loadproof.lab.faults.scenarios.PoisonEntries;
import io.loadproof.lab.faults.scenarios.QueueCap;
import io.loadproof.lab.faults.scenarios.RedisMaxMemory;
import io.loadproof.lab.faults.scenarios.RedisOutage;
import io.loadproof.lab.faults.scenarios.RedisPrimaryLost;
import io.loadproof.lab.faults.scenarios.WriterKill;
import io.loadproof.lab.processes.LabSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The fault-injection suite: each scenario starts a fresh platform, puts it under steady load,
 * injects its fault, lets the backlog drain, and audits that every id of a 200 response is in
 * MongoDB exactly once. The report (a table per scenario: load, fault, errors seen by clients,
 * lost, duplicated, recovery time) goes to {@code faults.md}; the exit code is 0 only if every
 * scenario passed.
 */
@Command(name = "lab.sh faults", separator = " ", sortOptions = false, sortSynopsis = false, usageHelpWidth = 110,
        description = "The fault-injection suite: each scenario under load, with the loss audit (docs/reliability.md).")
public final class FaultSuite implements Callable<Integer> {

    private static final Fault.Timing FULL = new Fault.Timing(100, 75, 15, 30);
    private static final Fault.Timing QUICK = new Fault.Timing(50, 35, 8, 8);

    @Option(names = "--quick", description = "shorter scenarios (the CI version)")
    boolean quick;

    @Option(names = "--only", paramLabel = "NAME", split = ",", completionCandidates = ScenarioNames.class,
            description = "run these scenarios only (comma-separated): ${COMPLETION-CANDIDATES}")
    List<String> only = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "where the report goes (default: target/lab/faults-<time>)")
    Path output;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Spec
    private CommandSpec spec;

    private volatile FaultRun current;

    static List<Fault> all() {
        return List.of(new WriterKill(), new MongoOutage(), new RedisOutage(RedisOutage.Kind.STOP),
                new RedisOutage(RedisOutage.Kind.CRASH), new RedisPrimaryLost(), new RedisMaxMemory(), new QueueCap(), new PoisonEntries(),
                new GracefulStops());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** --help prints the usage (exit 0); a bad option or an unknown scenario prints the error and the usage (exit 2). */
    static CommandLine commandLine() {
        return new CommandLine(new FaultSuite());
    }

    @Override
    public Integer call() {
        validate(spec.commandLine());
        return run(output, only, quick);
    }

    void validate(CommandLine commandLine) {
        List<String> names = all().stream().map(Fault::name).toList();
        only.stream().filter(name -> !names.contains(name)).findFirst().ifPresent(name -> {
            throw new ParameterException(commandLine, "no scenario " + name);
        });
    }

    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return all().stream().map(Fault::name).iterator();
        }
    }

    int run(Path output, List<String> only, boolean quick) {
        Path root = Path.of("").toAbsolutePath();
        Path directory = output != null ? output : root.resolve("target/lab/faults-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + (quick ? "-quick" : ""));
        List<Fault> faults = all().stream().filter(fault -> only.isEmpty() || only.contains(fault.name())).toList();
        LabSettings settings = LabSettings.fromEnvironment(System.getenv(), root, directory);
        Thread stopAll = new Thread(this::stopCurrent, "faults-shutdown");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            return runAll(faults, quick ? QUICK : FULL, directory, settings);
        } finally {
            stopCurrent();
            Runtime.getRuntime().removeShutdownHook(stopAll);
        }
    }

    private int runAll(List<Fault> faults, Fault.Timing timing, Path directory, LabSettings settings) {
        long started = System.nanoTime();
        List<FaultOutcome> outcomes = new ArrayList<>();
        for (Fault fault : faults) {
            Console.step("Scenario " + fault.name() + ": " + fault.description() + " (" + timing.users() + " users, "
                    + timing.steadySeconds() + " s)");
            current = new FaultRun(fault, timing, settings.withRunDirectory(directory.resolve(fault.name())));
            FaultOutcome outcome = current.run();
            outcomes.add(outcome);
            Console.step("Scenario " + fault.name() + ": " + outcome.status()
                    + (outcome.problems().isEmpty() ? "" : " " + outcome.problems()));
        }
        if (!writeReport(directory, FaultReport.render(outcomes, Duration.ofNanos(System.nanoTime() - started)))) {
            return 2;
        }
        return outcomes.stream().allMatch(FaultOutcome::passed) ? 0 : 1;
    }

    private static boolean writeReport(Path directory, String report) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("faults.md"), report);
            System.out.println();
            System.out.println(report);
            Console.step("Report: " + directory.resolve("faults.md"));
            return true;
        } catch (IOException e) {
            Console.warn("cannot write the report: " + e);
            return false;
        }
    }

    private void stopCurrent() {
        FaultRun run = current;
        if (run != null) {
            run.stop();
        }
    }
}
