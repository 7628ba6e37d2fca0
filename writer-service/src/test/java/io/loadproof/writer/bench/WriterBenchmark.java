package io.loadproof.writer.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.loadproof.embedded.mongo.CommandStats;
import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.RedisKeys;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.StandaloneRedis;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterProcess;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Drain benchmark (not a test): fills the write stream with N requests' worth of entries (5
 * documents each, real codec), then drains it with 1, 2, 4... packaged writer processes into a
 * MongoDB wire server that admits at most 100 commands per wall-clock second, and prints the
 * documents/s drained and the busiest second at the server. Run it with {@code writer-service/bench.sh}.
 * <p>
 * Options (all optional): {@code --requests 100000 --writers 1,2,4 --budget 80 --batch 1000
 * --workers 4 --ceiling 100 --jvm -Xmx512m}; {@code --help} lists them.
 */
@CommandLine.Command(name = "writer-service/bench.sh", separator = " ", sortOptions = false, sortSynopsis = false,
        description = "Fills the write stream, drains it with 1, 2, 4... packaged writers into a MongoDB wire server "
                + "with a command ceiling, and prints documents/s and the busiest second at the server.")
public final class WriterBenchmark implements Callable<Integer> {

    /**
     * Without a logging configuration every logger of this JVM is at DEBUG, and mongo-java-server
     * then renders each 1000-document insert message as JSON for a debug line nobody sees: that
     * alone took ~40% of the server's CPU. Kept in a field: the log context holds loggers weakly.
     */
    private static final org.jboss.logmanager.Logger ROOT_LOGGER = org.jboss.logmanager.Logger.getLogger("");

    @Option(names = "--requests", paramLabel = "N", defaultValue = "100000",
            description = "requests queued, 5 documents each (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--writers", paramLabel = "N", split = ",", defaultValue = "1,2,4",
            description = "one run per number: that many writer processes (default: ${DEFAULT-VALUE})")
    List<Integer> writerCounts;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "80",
            description = "MONGO_IOPS_BUDGET: commands/s for all writers (default: ${DEFAULT-VALUE})")
    int budget;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "BATCH_SIZE (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "WRITE_WORKERS (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--ceiling", paramLabel = "N", defaultValue = "100",
            description = "commands/s the MongoDB wire server admits (default: ${DEFAULT-VALUE})")
    int ceiling;

    @Option(names = "--jvm", paramLabel = "OPTIONS", defaultValue = "-Xmx512m",
            description = "the writer JVM's options, ';'-separated; {i} becomes the process's number (default: ${DEFAULT-VALUE})")
    String jvm;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WriterBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ROOT_LOGGER.setLevel(java.util.logging.Level.INFO);
        List<String> results = new ArrayList<>();
        results.add(String.format(Locale.ROOT, "%-8s %-9s %-11s %-8s %-12s %-11s %-17s %-8s %s", "writers",
                "requests", "documents", "drain s", "documents/s", "max cmds/s", "seconds > budget", "stored",
                "CPU s during the drain: writers / MongoDB wire server (+ this JVM) / redis-server"));
        RedisServerProcess redisServer = RedisServerProcess.builder().build().start();
        // An interrupted benchmark (Ctrl-C, SIGTERM) must not leave its servers behind.
        Runtime.getRuntime().addShutdownHook(new Thread(redisServer::kill));
        try (StandaloneRedis redis = new StandaloneRedis(redisServer.url())) {
            for (int writers : writerCounts) {
                results.add(run(writers, redisServer, redis));
            }
        }
        System.out.println();
        System.out.println("Writer drain benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, budget " + budget + "/s, BATCH_SIZE " + batch
                + ", WRITE_WORKERS " + workers + ", server ceiling " + ceiling + " commands/s");
        results.forEach(System.out::println);
        return 0;
    }

    private String run(int writers, RedisServerProcess redisServer, StandaloneRedis redis) throws Exception {
        redis.dataSource().flushall();
        TestQueue queue = new TestQueue(redis.dataSource());
        fill(redis, requests);
        System.out.printf(Locale.ROOT, "[%d writer(s)] stream filled with %d entries%n", writers, queue.length());

        try (MongoWireServer mongoServer = MongoWireServer.start(0, OptionalInt.of(ceiling))) {
            Map<String, String> environment = Map.of("REDIS_URL", redisServer.url(),
                    "MONGO_URI", mongoServer.connectionString(), "MONGO_IOPS_BUDGET", String.valueOf(budget),
                    "BATCH_SIZE", String.valueOf(batch), "WRITE_WORKERS", String.valueOf(workers));
            List<WriterProcess> processes = new ArrayList<>();
            Thread cleanup = new Thread(() -> processes.forEach(WriterProcess::close));
            Runtime.getRuntime().addShutdownHook(cleanup);
            for (int i = 0; i < writers; i++) {
                processes.add(WriterProcess.start("bench-writer-" + writers + "-" + i, environment,
                        List.of(jvm.replace("{i}", writers + "-" + i).split(";"))));
            }
            long total = queue.length();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long writerCpuAtStart = 0;
            long serverCpuAtStart = 0;
            double redisCpuAtStart = 0;
            long startNanos = 0;
            long startSecond = 0;
            long lastReport = System.nanoTime();
            while (true) {
                long length = queue.length();
                if (startNanos == 0 && length < total) {
                    writerCpuAtStart = processes.stream().mapToLong(process -> process.cpuTime().toMillis()).sum();
                    serverCpuAtStart = os.getProcessCpuTime() / 1_000_000;
                    redisCpuAtStart = redisCpuSeconds(redis);
                    startNanos = System.nanoTime();
                    startSecond = System.currentTimeMillis() / 1000;
                }
                if (length == 0 && queue.pending() == 0) {
                    break;
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    System.out.printf(Locale.ROOT, "[%d writer(s)] %d entries left%n", writers, length);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(10);
            }
            long endNanos = System.nanoTime();
            long endSecond = System.currentTimeMillis() / 1000;
            double writerCpu = (processes.stream().mapToLong(process -> process.cpuTime().toMillis()).sum()
                    - writerCpuAtStart) / 1000.0;
            double serverCpu = (os.getProcessCpuTime() / 1_000_000 - serverCpuAtStart) / 1000.0;
            double redisCpu = redisCpuSeconds(redis) - redisCpuAtStart;
            for (WriterProcess process : processes) {
                process.terminate(java.time.Duration.ofSeconds(40));
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
            double seconds = (endNanos - startNanos) / 1e9;
            long documents = 5L * requests;
            List<CommandStats.SecondCount> series = mongoServer.stats().perSecond(startSecond, endSecond);
            int max = series.stream().mapToInt(CommandStats.SecondCount::commands).max().orElse(0);
            long over = series.stream().filter(count -> count.commands() > budget).count();
            System.out.printf("[%d writer(s)] commands per second at the server: %s%n", writers,
                    series.stream().map(count -> String.valueOf(count.commands())).toList());
            long stored;
            try (MongoClient mongo = MongoClients.create(mongoServer.connectionString())) {
                stored = new Records(mongo).total();
            }
            return String.format(Locale.ROOT, "%-8d %-9d %-11d %-8.2f %-12.0f %-11d %-17d %-8d %.1f / %.1f / %.1f",
                    writers, requests, documents, seconds, documents / seconds, max, over, stored, writerCpu, serverCpu,
                    redisCpu);
        }
    }

    /** used_cpu_user + used_cpu_sys of the redis-server, from INFO cpu. */
    private static double redisCpuSeconds(StandaloneRedis redis) {
        double seconds = 0;
        for (String line : redis.dataSource().execute("INFO", "cpu").toString().split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

    /** Pipelined XADDs, 1,000 per round trip, of freshly generated requests. */
    private static void fill(StandaloneRedis redis, int requests) {
        Instant now = Instant.now();
        List<Request> batch = new ArrayList<>(1000);
        for (int i = 0; i < requests; i++) {
            batch.add(Request.cmd(Command.XADD).arg(RedisKeys.WRITE_STREAM).arg("*").arg(RedisKeys.ENTRY_FIELD)
                    .arg(SampleWrites.entry(SampleWrites.newRequest(now))));
            if (batch.size() == 1000 || i == requests - 1) {
                redis.client().batchAndAwait(batch);
                batch = new ArrayList<>(1000);
            }
        }
    }
}
