package io.loadproof.writer.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The writer deletes an entry once its documents are inserted, so its inserts ask for the
 * journal ({@code j: true}), as the wire server sees them, even when the client's configuration
 * says otherwise.
 */
@WriterQuarkusTest
@TestProfile(JournaledInsertsTest.JournalOffByDefault.class)
class JournaledInsertsTest {

    public static class JournalOffByDefault implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.write-concern.journal", "false");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @Test
    void everyInsertOfTheWriterAsksForTheJournal() {
        mongoServer.stats().keep("insert");
        List<QueuedWrite> writes = TestQueue.requests(20);
        new TestQueue(redis).enqueue(writes);
        await().atMost(Duration.ofSeconds(30)).until(() -> new Records(mongo).countOf(TestQueue.documentIds(writes)) == 100);
        // The client's own default, which the configuration turned off: what the writer must not rely on.
        mongo.getDatabase("control").getCollection("default").insertOne(new Document("x", 1));

        List<Map<String, Object>> inserts = mongoServer.stats().kept("insert");
        assertThat(inserts).filteredOn(insert -> "default".equals(insert.get("insert")))
                .singleElement().satisfies(insert -> assertThat(journal(insert)).isNotEqualTo(true));
        assertThat(inserts).filteredOn(insert -> MongoNames.COLLECTION.equals(insert.get("insert")))
                .isNotEmpty().allSatisfy(insert -> assertThat(journal(insert)).isEqualTo(true));
    }

    private static Object journal(Map<String, Object> insert) {
        return insert.get("writeConcern") instanceof Map<?, ?> writeConcern ? writeConcern.get("j") : null;
    }
}
