package io.loadproof.embedded.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.loadproof.embedded.mongo.CommandStats;
import io.loadproof.embedded.mongo.MongoWireServer;

/**
 * The MongoDB server's admin port: {@code GET /stats} (commands served, per second),
 * {@code POST /stop}, {@code POST /start} (an outage that keeps the data), {@code POST /unlimited}
 * (no command or document limit from then on, for an audit after a run) and
 * {@code POST /unlimited-documents} (no document limit from then on: a slow node that caught up).
 */
final class MongoAdminServer {

    private MongoAdminServer() {
    }

    static HttpServer start(MongoWireServer mongo, int port) throws IOException {
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

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
