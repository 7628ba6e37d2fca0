package io.loadproof.embedded.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.loadproof.embedded.cli.EmbeddedServersMain;
import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;

/** The lab's storage of the MongoDB stand-in: documents as BSON bytes, payloads as digests, a flat _id index. */
class CompactMemoryBackendTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final Random random = new Random(42);

    @Test
    void keepsEveryFieldButThePayloadWhichBecomesItsDigest() {
        try (MongoWireServer server = labServer(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> records = records(client);
            Document valid = write(0);
            Document invalid = write(1).append("payload", "not/a-payload");
            records.insertMany(List.of(valid, invalid));

            Document stored = records.find(eq("_id", valid.getObjectId("_id"))).first();
            assertThat(stored).containsEntry("type", "write").containsEntry("index", 0)
                    .containsEntry("timestamp", valid.getDate("timestamp"));
            assertThat(stored.getString("payload")).isEqualTo(PayloadDigest.of(valid.getString("payload")))
                    .startsWith("valid/512/");
            assertThat(PayloadDigest.isValidStoredPayload(stored.getString("payload"))).isTrue();
            String invalidStored = records.find(eq("_id", invalid.getObjectId("_id"))).first().getString("payload");
            assertThat(invalidStored).startsWith("invalid/13/");
            assertThat(PayloadDigest.isValidStoredPayload(invalidStored)).isFalse();
        }
    }

    @Test
    void answersTheQueriesOfThePlatformAndTheAuditLikeMongoDb() {
        try (MongoWireServer server = labServer(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> records = records(client);
            List<Document> documents = writes(20);
            records.insertMany(documents);
            List<ObjectId> ids = documents.stream().map(document -> document.getObjectId("_id")).toList();

            assertThat(records.estimatedDocumentCount()).isEqualTo(20);
            assertThat(records.find(in("_id", ids.subList(3, 8))).into(new ArrayList<>())).hasSize(5);
            assertThat(records.find().sort(Sorts.descending("_id")).limit(2).map(document -> document.getObjectId("_id")))
                    .containsExactly(ids.get(19), ids.get(18));
            assertThatThrownBy(() -> records.insertMany(List.of(documents.get(0), write(0)),
                    new InsertManyOptions().ordered(false)))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> assertThat(e.getWriteErrors())
                            .singleElement().satisfies(error -> assertThat(error.getCode()).isEqualTo(11000)));

            records.updateOne(eq("_id", ids.get(5)), Updates.set("index", 9));
            records.deleteOne(eq("_id", ids.get(6)));
            assertThat(records.find(eq("_id", ids.get(5))).first()).containsEntry("index", 9)
                    .containsEntry("payload", PayloadDigest.of(documents.get(5).getString("payload")));
            assertThat(records.find(eq("_id", ids.get(6))).first()).isNull();
            assertThat(records.estimatedDocumentCount()).isEqualTo(20);
        }
    }

    /**
     * The figure that sizes the stand-in's heap (MONGO_JAVA_OPTS in the lab): live heap per stored
     * document of a stand-in process started as the lab starts it, between two fill levels (so that
     * buffers and pools warmed by the first count nowhere), read by {@code jcmd} after a full GC.
     */
    @Test
    void labStorageHoldsAFifthOfTheHeapPerDocument(@TempDir Path logs) throws Exception {
        long test = bytesPerDocument(List.of(), logs.resolve("test.log"));
        long lab = bytesPerDocument(List.of("--digest-payloads"), logs.resolve("lab.log"));
        System.out.printf("live heap per stored document: %d bytes (test storage), %d bytes (lab storage)%n", test, lab);

        assertThat(test).isBetween(800L, 2000L);
        assertThat(lab).isLessThan(test / 5);
    }

    private long bytesPerDocument(List<String> storage, Path log) throws Exception {
        int port = FreePorts.next();
        List<String> arguments = new ArrayList<>(List.of("-Xmx1g", "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-cp", System.getProperty("java.class.path"), EmbeddedServersMain.class.getName(), "mongo",
                "--port", String.valueOf(port)));
        arguments.addAll(storage);
        try (ManagedProcess standIn = new ManagedProcess("mongo-stand-in", ManagedProcess.javaCommand(arguments), Map.of(), log)
                .start(); MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            standIn.await("listening", Duration.ofSeconds(30), () -> Files.exists(log) && logContains(log, "listening"));
            MongoCollection<Document> records = records(client);
            insert(records, 20_000);
            long before = liveHeap(standIn.pid(), log.resolveSibling("histogram.txt"));
            insert(records, 40_000);
            long after = liveHeap(standIn.pid(), log.resolveSibling("histogram.txt"));
            return (after - before) / 40_000;
        }
    }

    private void insert(MongoCollection<Document> records, int count) {
        for (int i = 0; i < count; i += 1000) {
            records.insertMany(writes(1000));
        }
    }

    /** Bytes of live objects: jcmd's class histogram runs a full collection first. */
    private static long liveHeap(long pid, Path log) throws Exception {
        Files.deleteIfExists(log);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        ManagedProcess histogram = new ManagedProcess("jcmd", List.of(jcmd.toString(), String.valueOf(pid),
                "GC.class_histogram"), Map.of(), log).start();
        assertThat(histogram.waitFor()).as(histogram.logTail(5)).isZero();
        String total = Files.readAllLines(log).stream().filter(line -> line.startsWith("Total")).findFirst().orElseThrow();
        return Long.parseLong(total.trim().split("\\s+")[2]);
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static MongoWireServer labServer() {
        return MongoWireServer.start(0, OptionalInt.empty(), true);
    }

    private static MongoCollection<Document> records(MongoClient client) {
        return client.getDatabase("assessmentdb").getCollection("records");
    }

    private List<Document> writes(int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(write(i % 5));
        }
        return documents;
    }

    private Document write(int index) {
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 512; i++) {
            payload.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new Document("_id", new ObjectId()).append("type", "write").append("index", index)
                .append("payload", payload.toString()).append("timestamp", new Date());
    }
}
