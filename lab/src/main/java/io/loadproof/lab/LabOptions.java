package io.loadproof.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line of {@code lab.sh}: one annotated field per option, parsed by picocli. Rules that
 * involve several options are in {@link #validate}.
 */
@Command(name = "lab.sh", separator = " ", sortOptions = false, sortSynopsis = false, usageHelpWidth = 110,
        description = "Runs the stress scenario against the whole platform started here (or a running deployment), "
                + "waits for the backlog to drain, audits MongoDB for lost or duplicated documents and writes the report.",
        footerHeading = "%nEnvironment:%n",
        footer = {"  REDIS_URL, REDIS_PASSWORD, MONGO_URI: use those servers instead of the embedded ones",
                "  MONGO_IOPS: the embedded MongoDB's ceiling (default 100)",
                "  LAB_REDIS_MAXMEMORY: the embedded Redis' maxmemory (default 3gb), the limit of the API's refusal by memory",
                "  LAB_CPU_SHARES=k8s: nice values after the manifests' CPU requests",
                "  API_JAVA_OPTS, WRITER_JAVA_OPTS, MONGO_JAVA_OPTS, GATLING_JAVA_OPTS, and every variable of the services",
                "  (BATCH_SIZE, WRITE_WORKERS, ...)"})
final class LabOptions {

    @Option(names = "--profile", paramLabel = "smoke|lab|full", defaultValue = "smoke",
            description = "stages of the scenario file to run (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--target", paramLabel = "URL", converter = WithoutTrailingSlash.class,
            description = "run against this running deployment (e.g. http://assessment.local) instead of starting the "
                    + "platform here: no service is started; the loss audit runs only with MONGO_URI (its MongoDB), "
                    + "the backlog is followed only with REDIS_URL (its Redis)")
    Optional<String> target = Optional.empty();

    @Option(names = "--scenario", paramLabel = "FILE", defaultValue = "stress-test/scenario.json",
            description = "the scenario file (default: ${DEFAULT-VALUE})")
    Path scenarioFile;

    @Option(names = "--output", paramLabel = "DIR", description = "where the report goes (default: target/lab/<time>-<profile>)")
    Optional<Path> output = Optional.empty();

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "600", converter = Seconds.class,
            description = "after the load, how long the backlog may go without shrinking before the lab gives up on "
                    + "the drain; with --target and no Redis, the longest wait for the documents (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--mongo-docs-per-second", paramLabel = "N", converter = PositiveCount.class,
            description = "a slow MongoDB: the lab's stores at most N documents/s while the load runs (an insert of "
                    + "1000 waits 1000/N s), then catches up: the limit is lifted when the load ends, so the backlog "
                    + "drains and the audit runs (not with --target or MONGO_URI)")
    int mongoDocsPerSecond;

    /** The lab's Redis: one server, or a primary with a replica behind three Sentinels. */
    enum RedisTopology { standalone, sentinel }

    @Option(names = "--redis", paramLabel = "standalone|sentinel", defaultValue = "standalone",
            description = "the lab's Redis: one server, or a primary, a replica and three Sentinels that the services "
                    + "follow, the API waiting for the replica before each 200 (default: ${DEFAULT-VALUE})")
    RedisTopology redis;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    /** Parses without running, for a caller that runs the lab itself. @throws ParameterException for a bad command line */
    static LabOptions parse(String... args) {
        LabOptions options = new LabOptions();
        CommandLine commandLine = new CommandLine(options);
        commandLine.parseArgs(args);
        options.validate(commandLine);
        return options;
    }

    /** @throws ParameterException when the options contradict each other */
    void validate(CommandLine commandLine) {
        if (mongoDocsPerSecond > 0 && target.isPresent()) {
            throw new ParameterException(commandLine, "--mongo-docs-per-second slows the lab's own MongoDB: not with --target");
        }
        if (redis == RedisTopology.sentinel && target.isPresent()) {
            throw new ParameterException(commandLine, "--redis sentinel starts the lab's own Redis: not with --target");
        }
    }

    Path runDirectory(Path root) {
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + profile
                + (target.isPresent() ? "-target" : "");
        return output.orElseGet(() -> root.resolve("target/lab").resolve(name)).toAbsolutePath();
    }

    static final class WithoutTrailingSlash implements ITypeConverter<String> {
        @Override
        public String convert(String url) {
            return url.replaceAll("/+$", "");
        }
    }

    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String seconds) {
            return Duration.ofSeconds(Long.parseLong(seconds));
        }
    }

    static final class PositiveCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (!value.matches("[1-9][0-9]{0,8}")) {
                throw new TypeConversionException("needs a positive number of documents, not " + value);
            }
            return Integer.parseInt(value);
        }
    }
}
