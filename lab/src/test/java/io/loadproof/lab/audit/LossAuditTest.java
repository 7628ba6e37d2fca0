package io.loadproof.lab.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.load.Scenario;
import io.loadproof.lab.system.ExternalTarget;
import io.loadproof.model.MongoNames;
import io.loadproof.model.Payloads;
import io.loadproof.model.RedisKeys;

/** The audit against a real Redis and the lab's MongoDB stand-in, holding documents from before the run. */
class LossAuditTest {

    private static final Scenario.Thresholds THRESHOLDS = new Scenario.Thresholds(2000, 5000, 0.01, 0.01);

    private final RedisServerProcess redis = RedisServerProcess.startNew();
    private final MongoWireServer mongo = MongoWireServer.start(0, OptionalInt.empty(), true);
    private final MongoClient client = MongoClients.create(mongo.connectionString());
    private final MongoCollection<Document> records = client.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
    private final ExternalTarget deployment = new ExternalTarget("http://127.0.0.1:1", Optional.of(redis.url()),
            Optional.empty(), Optional.of(mongo.connectionString()));

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
        redis.kill();
    }

    @Test
    void judgesOnlyWhatTheRunAddedAndFindsEveryReturnedId(@TempDir Path run) throws Exception {
        records.insertMany(documents(7));
        redis.command("XADD", RedisKeys.DEAD_LETTER_STREAM, "*", "reason", "from an earlier run");
        LossAudit audit = LossAudit.prepare(deployment).orElseThrow();

        List<Document> written = documents(50);
        records.insertMany(written);
        AuditResult result = audit.check(acknowledged(10), sampledIds(run, written), 0);

        assertThat(result.documentsBefore()).isEqualTo(7);
        assertThat(result.newDocuments()).isEqualTo(result.expectedDocuments()).isEqualTo(50);
        assertThat(result.sampledIds()).isEqualTo(50);
        assertThat(result.deadLetters()).isZero();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void aMissingDocumentAnInvalidOneAndAnEntryLeftFailTheAudit(@TempDir Path run) throws Exception {
        LossAudit audit = LossAudit.prepare(deployment).orElseThrow();
        List<Document> written = documents(50);
        written.get(3).put(MongoNames.PAYLOAD, "not a payload");
        records.insertMany(written.subList(0, 49));
        redis.command("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, "left behind");

        AuditResult result = audit.check(acknowledged(10), sampledIds(run, written), 0);

        assertThat(result.sampledMissing()).isEqualTo(1);
        assertThat(result.lost()).isEqualTo(2);
        assertThat(result.sampledInvalid()).isEqualTo(1);
        assertThat(result.entriesLeft()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    private static LoadRecorder.Summary acknowledged(int requests) {
        LoadRecorder recorder = new LoadRecorder(2000);
        for (int i = 0; i < requests; i++) {
            recorder.record(1_000, 200, 5, "success", List.of());
        }
        return recorder.summary(THRESHOLDS);
    }

    private static Path sampledIds(Path run, List<Document> documents) throws Exception {
        return Files.write(run.resolve(LoadRecorder.SAMPLED_IDS_FILE),
                documents.stream().map(document -> document.getObjectId(MongoNames.ID).toHexString()).toList());
    }

    private static List<Document> documents(int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(new Document(MongoNames.ID, new ObjectId()).append(MongoNames.TYPE, MongoNames.WRITE_TYPE)
                    .append(MongoNames.INDEX, i % 5)
                    .append(MongoNames.PAYLOAD, Payloads.generate(ThreadLocalRandom.current().nextLong(), i % 5))
                    .append(MongoNames.TIMESTAMP, new Date()));
        }
        return documents;
    }
}
