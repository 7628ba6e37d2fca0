package io.loadproof.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.lab.load.LoadGenerator;
import io.loadproof.lab.load.Scenario;
import io.loadproof.model.MongoNames;
import io.loadproof.model.Payloads;

/**
 * {@code lab.sh --target}: the lab's stress scenario against a deployment it did not start (the
 * packaged api-service and writer-service, a real Redis, the MongoDB wire server, started here as
 * a deployment would be), with a six-second profile.
 */
class LabTargetIT {

    private static RedisServerProcess redis;
    private static MongoWireServer mongo;
    private static ManagedProcess api;
    private static ManagedProcess writer;
    private static String apiUrl;

    @BeforeAll
    static void startDeployment(@TempDir Path logs) {
        redis = RedisServerProcess.builder().appendOnly(true).build().start();
        mongo = MongoWireServer.start(0, OptionalInt.of(100), true);
        int apiPort = FreePorts.next();
        apiUrl = "http://127.0.0.1:" + apiPort;
        api = service("api-service", apiPort, logs).start();
        writer = service("writer-service", FreePorts.next(), logs).start();
        api.awaitHttp200(apiUrl + "/readyz", Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopDeployment() {
        for (AutoCloseable part : new AutoCloseable[] { writer, api, mongo, redis == null ? null : redis::kill }) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.err.println("stopping " + part + ": " + e);
            }
        }
    }

    @Test
    void judgesARunningDeploymentAndAuditsOnlyWhatTheRunAdded(@TempDir Path run) throws Exception {
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> records = client.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
            records.insertMany(earlierDocuments(3));

            int exit = Lab.run(options(run, "--drain-timeout", "60"),
                    Map.of("MONGO_URI", mongo.connectionString(), "REDIS_URL", redis.url(), "GATLING_JAVA_OPTS", "-Xmx512m"));

            long acknowledged = LoadGenerator.readSummary(run).orElseThrow().acknowledged();
            String summary = Files.readString(run.resolve("summary.md"));
            assertThat(exit).as(summary).isZero();
            assertThat(acknowledged).isPositive();
            assertThat(records.countDocuments()).isEqualTo(3 + 5 * acknowledged);
            assertThat(summary).contains("Target: " + apiUrl, "Documents stored before the run: 3 (not judged)",
                    "**Result: PASS**", "| lost (missing documents, sampled ids not found) | 0 | ok |");
            assertThat(run.resolve("chart.png")).exists();
        }
    }

    @Test
    void withoutMongoUriTheVerdictIsTheThresholdsOnly(@TempDir Path run) throws Exception {
        int exit = Lab.run(options(run), Map.of("GATLING_JAVA_OPTS", "-Xmx512m"));

        String summary = Files.readString(run.resolve("summary.md"));
        assertThat(exit).as(summary).isZero();
        assertThat(summary).contains("Loss audit: not run (no MONGO_URI)", "**Result: PASS (thresholds only)**");
    }

    private static LabOptions options(Path run, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", apiUrl, "--scenario", tinyScenario(run).toString(),
                "--profile", "tiny", "--output", run.toString()));
        args.addAll(List.of(more));
        return LabOptions.parse(args.toArray(String[]::new));
    }

    /**
     * The stress scenario with a six-second, ten-user profile and thresholds a cold service on a
     * busy machine meets: this test is about what --target does, not about this machine's speed.
     */
    private static Path tinyScenario(Path run) throws Exception {
        Scenario base = Scenario.read(Path.of("..").resolve(Scenario.DEFAULT_FILE));
        Scenario tiny = new Scenario(base.endpoint(), base.readinessPath(), base.requestTimeoutSeconds(),
                base.gracefulStopSeconds(), base.maxCheckDurationMs(), new Scenario.Thresholds(10_000, 10_000, 0.5, 0.5),
                "tiny",
                Map.of("tiny", new Scenario.Profile(List.of(new Scenario.Stage("2s", 10), new Scenario.Stage("3s", 10),
                        new Scenario.Stage("1s", 0)))));
        Files.createDirectories(run);
        Path file = run.resolve("tiny-scenario.json");
        new ObjectMapper().writeValue(file.toFile(), tiny);
        return file;
    }

    private static ManagedProcess service(String name, int port, Path logs) {
        Path jar = Path.of("..", name, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        return new ManagedProcess(name, ManagedProcess.javaCommand(List.of("-Xmx256m", "-jar", jar.toString())),
                Map.of("PORT", String.valueOf(port), "REDIS_URL", redis.url(), "MONGO_URI", mongo.connectionString()),
                logs.resolve(name + ".log"));
    }

    private static List<Document> earlierDocuments(int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(new Document(MongoNames.ID, new ObjectId()).append(MongoNames.TYPE, MongoNames.WRITE_TYPE)
                    .append(MongoNames.INDEX, i).append(MongoNames.PAYLOAD, Payloads.generate(i, 0))
                    .append(MongoNames.TIMESTAMP, new Date()));
        }
        return documents;
    }
}
