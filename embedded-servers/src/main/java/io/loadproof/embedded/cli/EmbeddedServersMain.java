package io.loadproof.embedded.cli;

import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one embedded server in the foreground until the process is stopped, for the lab and the
 * benchmarks:
 *
 * <pre>
 * java -jar embedded-servers.jar redis --port 6379 [--appendonly] [--appendfsync always|everysec|no] [--password P] [--dir D]
 * java -jar embedded-servers.jar mongo --port 27017 [--iops 100] [--docs-per-second N] [--admin-port 28017] [--digest-payloads]
 * </pre>
 *
 * {@code --help} prints the usage (exit 0); a bad option prints the error and the usage (exit 2).
 */
@Command(name = "embedded-servers", separator = " ",
        description = "Runs a real redis-server or a MongoDB wire-protocol server in the foreground until stopped.",
        subcommands = {RedisServerCommand.class, MongoServerCommand.class})
public final class EmbeddedServersMain {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private EmbeddedServersMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new EmbeddedServersMain());
    }

    /** Blocks until the JVM shuts down (SIGTERM, Ctrl-C), then runs {@code stop}. */
    static void awaitShutdown(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }));
        stopped.await();
    }
}
