package io.loadproof.lab.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

/** The lab's slow MongoDB in its own JVM: inserts wait for their share of N documents/s until the lab lifts the limit. */
class ConstrainedMongoTest {

    @Test
    void aDocumentLimitHoldsInsertsBackUntilTheLabLiftsIt(@TempDir Path directory) throws Exception {
        try (ConstrainedMongo mongo = new ConstrainedMongo(100, 100, "-Xmx256m", directory.resolve("mongo.log"))
                .start(Duration.ofSeconds(60));
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> collection = client.getDatabase("d").getCollection("c");
            collection.insertOne(new Document("warm", 1));
            CompletableFuture<Void> insert = CompletableFuture.runAsync(() -> collection.insertMany(documents(1000)));
            Thread.sleep(1000);
            assertThat(insert).as("1000 documents at 100/s take 10 s").isNotDone();

            mongo.liftDocumentLimit();
            insert.get(5, TimeUnit.SECONDS);
            assertThat(collection.countDocuments()).isEqualTo(1001);
        }
    }

    private static List<Document> documents(int count) {
        List<Document> documents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            documents.add(new Document("i", i));
        }
        return documents;
    }
}
