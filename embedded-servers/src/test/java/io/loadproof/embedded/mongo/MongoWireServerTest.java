package io.loadproof.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

class MongoWireServerTest {

    @Test
    void realDriverInsertsFindsAndGetsDuplicateKeyErrors() {
        try (MongoWireServer server = MongoWireServer.startNew(); MongoClient client = client(server)) {
            MongoCollection<Document> records = client.getDatabase("assessmentdb").getCollection("records");
            records.insertMany(List.of(new Document("_id", 1), new Document("_id", 2)));

            assertThatThrownBy(() -> records.insertMany(List.of(new Document("_id", 2), new Document("_id", 3)),
                    new InsertManyOptions().ordered(false)))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> assertThat(e.getWriteErrors())
                            .singleElement().satisfies(error -> assertThat(error.getCode()).isEqualTo(11000)));

            assertThat(records.countDocuments()).isEqualTo(3);
            assertThat(server.stats().count("insert")).isEqualTo(2);
            assertThat(server.stats().total()).isGreaterThan(3);
        }
    }

    @Test
    void stopAndStartKeepsTheDataOnTheSamePort() {
        try (MongoWireServer server = MongoWireServer.startNew()) {
            try (MongoClient client = client(server)) {
                client.getDatabase("d").getCollection("c").insertOne(new Document("x", 1));
            }
            server.stop();
            assertThat(server.isRunning()).isFalse();
            server.start();
            try (MongoClient client = client(server)) {
                assertThat(client.getDatabase("d").getCollection("c").countDocuments()).isEqualTo(1);
            }
        }
    }

    @Test
    void aLimitedServerNeverServesMoreCommandsPerSecondThanItsLimit() {
        try (MongoWireServer server = MongoWireServer.start(0, OptionalInt.of(20)); MongoClient client = client(server)) {
            MongoCollection<Document> collection = client.getDatabase("d").getCollection("c");
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                collection.insertOne(new Document("i", i));
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(collection.countDocuments()).isEqualTo(50);
            assertThat(server.stats().maxPerSecond()).isLessThanOrEqualTo(20);
            assertThat(elapsedMillis).as("50 commands at 20/s span at least three wall-clock seconds").isGreaterThanOrEqualTo(1000);
        }
    }

    /** 3 inserts of 1000 documents at 2000 documents/s: each waits for its half second after the one before. */
    @Test
    void aDocumentLimitDelaysInsertsByTheirShareAndRefusesNothing() {
        MongoWireServer.Limits limits = new MongoWireServer.Limits(OptionalInt.empty(), OptionalInt.of(2000));
        try (MongoWireServer server = MongoWireServer.start(0, limits, false); MongoClient client = client(server)) {
            MongoCollection<Document> collection = client.getDatabase("d").getCollection("c");
            collection.insertOne(new Document("warm", 1)); // connection and database opened outside the timing
            long started = System.nanoTime();
            for (int batch = 0; batch < 3; batch++) {
                collection.insertMany(documents(1000));
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(elapsedMillis).as("3000 documents at 2000/s").isBetween(1400L, 4000L);
            assertThat(collection.countDocuments()).isEqualTo(3001);
            assertThat(server.documentLimit()).hasValue(2000);
        }
    }

    /** An insert that would wait 10 s goes on as soon as the limit is lifted, and later ones do not wait. */
    @Test
    void liftingTheDocumentLimitReleasesTheWaitingInsertAndKeepsTheCommandLimit() throws Exception {
        MongoWireServer.Limits limits = new MongoWireServer.Limits(OptionalInt.of(1000), OptionalInt.of(100));
        try (MongoWireServer server = MongoWireServer.start(0, limits, false); MongoClient client = client(server)) {
            MongoCollection<Document> collection = client.getDatabase("d").getCollection("c");
            collection.insertOne(new Document("warm", 1)); // 10 ms of the budget
            long started = System.nanoTime();
            CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> collection.insertMany(documents(1000)));
            Thread.sleep(500);
            assertThat(slow).as("1000 documents at 100/s take 10 s").isNotDone();

            server.liftDocumentLimit();
            slow.get(5, TimeUnit.SECONDS);
            collection.insertMany(documents(1000));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(elapsedMillis).as("both inserts well within the 20 s the limit would have taken").isLessThan(5000);
            assertThat(collection.countDocuments()).isEqualTo(2001);
            assertThat(server.documentLimit()).isEmpty();
            assertThat(server.stats().maxPerSecond()).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void keptCommandsShowTheOptionsAClientSentWithoutTheDocuments() {
        try (MongoWireServer server = MongoWireServer.startNew(); MongoClient client = client(server)) {
            MongoCollection<Document> collection = client.getDatabase("d").getCollection("c");
            collection.insertOne(new Document("before", 1));
            server.stats().keep("insert");
            collection.withWriteConcern(WriteConcern.JOURNALED).insertMany(List.of(new Document("i", 1), new Document("i", 2)));

            assertThat(server.stats().kept("insert")).singleElement().satisfies(insert -> {
                assertThat(insert).containsEntry("insert", "c").doesNotContainKey("documents");
                assertThat(((Map<?, ?>) insert.get("writeConcern")).get("j")).isEqualTo(true);
            });
        }
    }

    @Test
    void rejectedInsertsFailEveryDocumentUntilAcceptedAgain() {
        try (MongoWireServer server = MongoWireServer.startNew(); MongoClient client = client(server)) {
            MongoCollection<Document> collection = client.getDatabase("d").getCollection("c");
            server.rejectInserts();
            assertThatThrownBy(() -> collection.insertMany(List.of(new Document("i", 1), new Document("i", 2)),
                    new InsertManyOptions().ordered(false)))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> assertThat(e.getWriteErrors())
                            .hasSize(2).allSatisfy(error -> assertThat(error.getCode()).isEqualTo(121)));
            assertThat(collection.countDocuments()).isZero();

            server.acceptInserts();
            collection.insertMany(List.of(new Document("i", 1), new Document("i", 2)));
            assertThat(collection.countDocuments()).isEqualTo(2);
        }
    }

    private static List<Document> documents(int count) {
        List<Document> documents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            documents.add(new Document("i", i));
        }
        return documents;
    }

    private static MongoClient client(MongoWireServer server) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .build());
    }
}
