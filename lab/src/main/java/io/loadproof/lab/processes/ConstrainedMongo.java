package io.loadproof.lab.processes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.loadproof.embedded.cli.EmbeddedServersMain;
import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;

/**
 * The lab's "100-IOPS MongoDB": a MongoDB wire-protocol server in its own JVM that admits at most
 * {@code iops} commands a second and keeps every document with its payload reduced to a digest
 * (the lab's storage of the embedded servers: about 150 bytes per document, sized by
 * {@code MONGO_JAVA_OPTS}). With a document limit it stores at most that many documents a second
 * (a MongoDB slower than the writers; inserts wait, nothing is refused). Its admin port reports the
 * commands served per second, can stop and start it, keeping the data, for the outage scenario,
 * lifts the document limit when the load ends and every ceiling for the audit.
 */
public final class ConstrainedMongo implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port = FreePorts.next();
    private final int adminPort = FreePorts.next();
    private final ManagedProcess process;

    /** @param documentsPerSecond 0 for no document limit */
    public ConstrainedMongo(int iops, int documentsPerSecond, String javaOptions, Path log) {
        List<String> arguments = new ArrayList<>(Arrays.asList(javaOptions.trim().split("\\s+")));
        arguments.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedServersMain.class.getName(),
                "mongo", "--port", String.valueOf(port), "--iops", String.valueOf(iops),
                "--docs-per-second", String.valueOf(documentsPerSecond),
                "--admin-port", String.valueOf(adminPort), "--digest-payloads"));
        this.process = new ManagedProcess("mongo-wire-server", ManagedProcess.javaCommand(arguments), Map.of(), log);
    }

    public ConstrainedMongo start(Duration timeout) {
        process.start();
        process.awaitHttp200(adminUrl("/stats"), timeout);
        return this;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** An outage: every client connection closed, nothing listening; the data stays. */
    public void stop() {
        admin("/stop");
    }

    public void start() {
        admin("/start");
    }

    /** Documents stored without waiting from now on, as a slow node that has caught up; the command ceiling stays. */
    public void liftDocumentLimit() {
        admin("/unlimited-documents");
    }

    /** No ceiling from now on: the audit's reads are not the platform's traffic. */
    public void liftCeiling() {
        admin("/unlimited");
    }

    /** Commands served in one wall-clock second of the last minute, or -1 when unknown. */
    public long commandsIn(long epochSecond) {
        JsonNode stats = stats();
        if (stats == null) {
            return -1;
        }
        for (JsonNode second : stats.path("last_minute")) {
            if (second.get(0).asLong() == epochSecond) {
                return second.get(1).asLong();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        process.close();
    }

    private JsonNode stats() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl("/stats")))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void admin(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl(path)))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("MongoDB admin " + path + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("MongoDB admin " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }
}
