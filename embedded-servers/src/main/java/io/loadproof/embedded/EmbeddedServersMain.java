package io.loadproof.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Runs one embedded server in the foreground until the process is stopped, for the lab and the
 * benchmarks:
 *
 * <pre>
 * java -jar embedded-servers.jar redis --port 6379 [--appendonly [--appendfsync always|everysec]] [--password P] [--dir D]
 * java -jar embedded-servers.jar mongo --port 27017 [--iops 100] [--docs-per-second N] [--admin-port 28017] [--digest-payloads]
 * </pre>
 *
 * The MongoDB server's admin port answers {@code GET /stats} (commands served, per second),
 * {@code POST /stop}, {@code POST /start} (an outage that keeps the data) and
 * {@code POST /unlimited} (no command or document limit from then on, for an audit after a run),
 * {@code POST /unlimited-documents} (no document limit from then on: a slow node that caught up). With
 * {@code --digest-payloads} it keeps documents the lab's way (see {@link CompactMemoryBackend}).
 */
public final class EmbeddedServersMain {

    private EmbeddedServersMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("redis") || args[0].equals("mongo"))) {
            System.err.println("usage: redis --port N [--appendonly [--appendfsync always|everysec]] [--password P] [--dir D]"
                    + " | mongo --port N [--iops N] [--docs-per-second N] [--admin-port N] [--digest-payloads]");
            System.exit(2);
        }
        Map<String, String> options = options(args);
        if (args[0].equals("redis")) {
            runRedis(options);
        } else {
            runMongo(options);
        }
    }

    private static void runRedis(Map<String, String> options) throws InterruptedException {
        RedisServerProcess.Builder builder = RedisServerProcess.builder()
                .port(Integer.parseInt(options.getOrDefault("port", "6379")))
                .appendOnly(options.containsKey("appendonly"))
                .appendFsync(options.getOrDefault("appendfsync", "always"))
                .password(options.get("password"));
        if (options.containsKey("dir")) {
            builder.dataDirectory(Path.of(options.get("dir")));
        }
        RedisServerProcess redis = builder.build().start();
        System.out.println("redis-server listening on 127.0.0.1:" + redis.port() + " (data in " + redis.dataDirectory() + ")");
        awaitShutdown(redis::stop);
    }

    private static void runMongo(Map<String, String> options) throws IOException, InterruptedException {
        int iops = Integer.parseInt(options.getOrDefault("iops", "0"));
        int documents = Integer.parseInt(options.getOrDefault("docs-per-second", "0"));
        boolean digestPayloads = options.containsKey("digest-payloads");
        MongoWireServer mongo = MongoWireServer.start(Integer.parseInt(options.getOrDefault("port", "27017")),
                new MongoWireServer.Limits(positive(iops), positive(documents)), digestPayloads);
        HttpServer admin = adminServer(mongo, Integer.parseInt(options.getOrDefault("admin-port", "0")));
        System.out.println("mongo-wire-server listening on 127.0.0.1:" + mongo.port()
                + (iops > 0 ? " (at most " + iops + " commands/s)" : " (no command limit)")
                + (documents > 0 ? ", at most " + documents + " documents/s stored" : "")
                + (digestPayloads ? ", payloads kept as digests" : "")
                + ", admin on 127.0.0.1:" + admin.getAddress().getPort());
        awaitShutdown(() -> {
            admin.stop(0);
            mongo.close();
        });
    }

    private static HttpServer adminServer(MongoWireServer mongo, int port) throws IOException {
        HttpServer admin = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        admin.createContext("/stats", exchange -> reply(exchange, statsJson(mongo)));
        admin.createContext("/stop", exchange -> {
            mongo.stop();
            reply(exchange, "{\"running\":false}");
        });
        admin.createContext("/start", exchange -> {
            mongo.start();
            reply(exchange, "{\"running\":true}");
        });
        admin.createContext("/unlimited", exchange -> {
            mongo.liftCommandLimit();
            reply(exchange, "{\"limited\":false}");
        });
        admin.createContext("/unlimited-documents", exchange -> {
            mongo.liftDocumentLimit();
            reply(exchange, "{\"documents_per_second\":0}");
        });
        admin.start();
        return admin;
    }

    static String statsJson(MongoWireServer mongo) {
        long nowSecond = System.currentTimeMillis() / 1000;
        CommandStats stats = mongo.stats();
        List<CommandStats.SecondCount> lastMinute = stats.perSecond(nowSecond - 60, nowSecond - 1);
        String series = lastMinute.stream()
                .map(second -> "[" + second.epochSecond() + "," + second.commands() + "]")
                .collect(Collectors.joining(","));
        return "{\"running\":" + mongo.isRunning()
                + ",\"total\":" + stats.total()
                + ",\"max_per_second\":" + stats.maxPerSecond()
                + ",\"last_second\":" + lastMinute.get(lastMinute.size() - 1).commands()
                + ",\"inserts\":" + stats.count("insert")
                + ",\"documents_per_second\":" + mongo.documentLimit().orElse(0)
                + ",\"last_minute\":[" + series + "]}";
    }

    private static OptionalInt positive(int value) {
        return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void awaitShutdown(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            options.put(name, hasValue ? args[++i] : "true");
        }
        return options;
    }
}
