package io.loadproof.lab.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.loadproof.lab.Console;
import io.loadproof.lab.faults.scenarios.GracefulStops;
import io.loadproof.lab.faults.scenarios.MongoOutage;
import io.loadproof.lab.faults.scenarios.PoisonEntries;
import io.loadproof.lab.faults.scenarios.QueueCap;
import io.loadproof.lab.faults.scenarios.RedisMaxMemory;
import io.loadproof.lab.faults.scenarios.RedisOutage;
import io.loadproof.lab.faults.scenarios.WriterKill;
import io.loadproof.lab.processes.LabSettings;

/**
 * The fault-injection suite: each scenario starts a fresh platform, puts it under steady load,
 * injects its fault, lets the backlog drain, and audits that every id of a 200 response is in
 * MongoDB exactly once. The report (a table per scenario: load, fault, errors seen by clients,
 * lost, duplicated, recovery time) goes to {@code faults.md}; the exit code is 0 only if every
 * scenario passed.
 */
public final class FaultSuite {

    private static final Fault.Timing FULL = new Fault.Timing(100, 75, 15, 30);
    private static final Fault.Timing QUICK = new Fault.Timing(50, 35, 8, 8);

    private volatile FaultRun current;

    static List<Fault> all() {
        return List.of(new WriterKill(), new MongoOutage(), new RedisOutage(RedisOutage.Kind.STOP),
                new RedisOutage(RedisOutage.Kind.CRASH), new RedisMaxMemory(), new QueueCap(), new PoisonEntries(),
                new GracefulStops());
    }

    /** The command line of {@code lab.sh faults}. */
    record Options(boolean quick, List<String> only, Path output) {

        static final String USAGE = "usage: lab.sh faults [--quick] [--only NAME[,NAME]] [--output DIR]\n"
                + "  --quick   shorter scenarios (the CI version)\n"
                + "  --only    run these scenarios only: " + String.join(", ", all().stream().map(Fault::name).toList());

        static Options parse(String... args) {
            boolean quick = false;
            List<String> only = List.of();
            Path output = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--only" -> only = List.of(value(args, ++i, "--only").split(","));
                    case "--output" -> output = Path.of(value(args, ++i, "--output"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            List<String> names = all().stream().map(Fault::name).toList();
            only.stream().filter(name -> !names.contains(name)).findFirst().ifPresent(name -> {
                throw new IllegalArgumentException("no scenario " + name);
            });
            return new Options(quick, only, output);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }

    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            System.exit(new FaultSuite().run(options.output(), options.only(), options.quick()));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
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
