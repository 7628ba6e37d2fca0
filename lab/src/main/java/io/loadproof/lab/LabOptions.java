package io.loadproof.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.loadproof.lab.load.Scenario;

/**
 * The command line of {@code lab.sh}.
 *
 * @param target             a running deployment to put under load instead of the platform started here
 * @param mongoDocsPerSecond the lab's MongoDB stores at most this many documents a second while the load runs; 0: no limit
 */
record LabOptions(String profile, Optional<Path> output, Path scenarioFile, Duration drainTimeout, Optional<String> target,
        int mongoDocsPerSecond) {

    static final String USAGE = """
            usage: lab.sh [--profile smoke|lab|full] [--target URL] [--scenario FILE] [--output DIR] [--drain-timeout SECONDS]
                          [--mongo-docs-per-second N]
              --profile        stages of the scenario file to run (default: smoke)
              --target         run against this running deployment (e.g. http://assessment.local) instead of
                               starting the platform here: no service is started; the loss audit runs only with
                               MONGO_URI (its MongoDB), the backlog is followed only with REDIS_URL (its Redis)
              --scenario       the scenario file (default: stress-test/scenario.json)
              --output         where the report goes (default: target/lab/<time>-<profile>)
              --drain-timeout  longest wait for the backlog to drain after the load (default: 600)
              --mongo-docs-per-second  a slow MongoDB: the lab's stores at most N documents/s while the load runs
                               (an insert of 1000 waits 1000/N s), then catches up: the limit is lifted when the
                               load ends, so the backlog drains and the audit runs (not with --target or MONGO_URI)
            environment: REDIS_URL, REDIS_PASSWORD, MONGO_URI (use those servers instead of the embedded ones),
              MONGO_IOPS (the embedded MongoDB's ceiling, default 100), LAB_REDIS_MAXMEMORY (the embedded Redis'
              maxmemory, default 3gb, the limit of the API's refusal by memory), LAB_CPU_SHARES=k8s (nice values after the
              manifests' CPU requests), API_JAVA_OPTS, WRITER_JAVA_OPTS, MONGO_JAVA_OPTS, GATLING_JAVA_OPTS, and
              every variable of the services (BATCH_SIZE, WRITE_WORKERS, ...)
            """;

    private static final String DOCS_PER_SECOND = "--mongo-docs-per-second";
    private static final Set<String> OPTIONS = Set.of("--profile", "--output", "--scenario", "--drain-timeout", "--target",
            DOCS_PER_SECOND);

    /** @throws IllegalArgumentException with an empty message for --help, else with what is wrong */
    static LabOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (!OPTIONS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            values.put(args[i], args[++i]);
        }
        int documentsPerSecond = documentsPerSecond(values.get(DOCS_PER_SECOND));
        if (documentsPerSecond > 0 && values.containsKey("--target")) {
            throw new IllegalArgumentException(DOCS_PER_SECOND + " slows the lab's own MongoDB: not with --target");
        }
        return new LabOptions(values.getOrDefault("--profile", "smoke"),
                Optional.ofNullable(values.get("--output")).map(Path::of),
                Path.of(values.getOrDefault("--scenario", Scenario.DEFAULT_FILE.toString())),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("--drain-timeout", "600"))),
                Optional.ofNullable(values.get("--target")).map(url -> url.replaceAll("/+$", "")), documentsPerSecond);
    }

    private static int documentsPerSecond(String value) {
        if (value == null) {
            return 0;
        }
        if (!value.matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException(DOCS_PER_SECOND + " needs a positive number of documents, not " + value);
        }
        return Integer.parseInt(value);
    }

    Path runDirectory(Path root) {
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + profile
                + (target.isPresent() ? "-target" : "");
        return output.orElseGet(() -> root.resolve("target/lab").resolve(name)).toAbsolutePath();
    }
}
