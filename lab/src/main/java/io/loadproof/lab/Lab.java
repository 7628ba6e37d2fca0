package io.loadproof.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.loadproof.lab.load.Scenario;
import io.loadproof.lab.processes.LabEnvironment;
import io.loadproof.lab.processes.LabSettings;
import io.loadproof.lab.system.ExternalTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The lab: runs the stress scenario against the whole platform started on this machine (or, with
 * {@code --target}, against a running deployment), waits for the backlog to drain, audits MongoDB
 * for lost or duplicated documents, writes the report, and stops everything it started (also on
 * Ctrl-C or failure). Exit code 0 only when every threshold and the audit pass.
 */
@Command(name = "lab.sh", separator = " ", sortOptions = false, sortSynopsis = false, usageHelpWidth = 110)
public final class Lab implements Callable<Integer> {

    @Mixin
    private LabOptions options;

    @Spec
    private CommandSpec spec;

    private Lab() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** --help prints the usage (exit 0); a bad option prints the error and the usage (exit 2). */
    static CommandLine commandLine() {
        return new CommandLine(new Lab());
    }

    @Override
    public Integer call() {
        options.validate(spec.commandLine());
        return run(options, System.getenv());
    }

    /** @return 0 when the thresholds and the audit pass, 1 when they do not, 2 when the run could not happen */
    static int run(LabOptions options, Map<String, String> environment) {
        Path root = Path.of("").toAbsolutePath();
        Path runDirectory = options.runDirectory(root);
        try {
            StressRun run = new StressRun(options, Scenario.read(options.scenarioFile), runDirectory,
                    environment.getOrDefault("GATLING_JAVA_OPTS", "-Xms1g -Xmx2g -XX:+UseParallelGC"));
            if (options.target.isPresent()) {
                return onTarget(run, ExternalTarget.fromEnvironment(options.target.get(), environment));
            }
            return onLabPlatform(run, LabSettings.fromEnvironment(environment, root, runDirectory)
                    .withMongoDocsPerSecond(options.mongoDocsPerSecond)
                    .withRedisSentinel(options.redis == LabOptions.RedisTopology.sentinel));
        } catch (RuntimeException | IOException e) {
            Console.warn("lab run failed: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static int onTarget(StressRun run, ExternalTarget target) throws IOException, InterruptedException {
        Thread stopLoad = new Thread(run::stopLoad, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(stopLoad);
        try {
            return run.against(target);
        } finally {
            run.stopLoad();
            Runtime.getRuntime().removeShutdownHook(stopLoad);
        }
    }

    private static int onLabPlatform(StressRun run, LabSettings settings) throws IOException, InterruptedException {
        if (settings.mongoDocsPerSecond() > 0 && settings.mongoUri().isPresent()) {
            Console.warn("--mongo-docs-per-second slows the lab's own MongoDB, and MONGO_URI names another one");
            return 2;
        }
        for (String service : List.of("api-service", "writer-service")) {
            if (!Files.exists(settings.serviceJar(service))) {
                Console.warn(service + " is not built: run ./lab.sh (it builds) or ./mvnw -B package -DskipTests");
                return 2;
            }
        }
        LabEnvironment lab = new LabEnvironment(settings);
        Thread stopAll = new Thread(() -> stop(run, lab), "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            lab.start();
            return run.against(lab);
        } finally {
            Console.step("Stopping every process the lab started");
            stop(run, lab);
            Runtime.getRuntime().removeShutdownHook(stopAll);
        }
    }

    private static void stop(StressRun run, LabEnvironment lab) {
        run.stopLoad();
        lab.close();
    }
}
