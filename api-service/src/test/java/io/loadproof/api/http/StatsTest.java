package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.model.MongoNames;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** /api/stats counts the records, from a value at most max-age old, so a storm of calls cannot reach MongoDB. */
@ApiQuarkusTest
@TestProfile(StatsTest.OneSecondStats.class)
class StatsTest {

    public static class OneSecondStats implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.stats.max-age", "1s");
        }
    }

    @Inject
    MongoClient mongo;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @Test
    void countsTheDocumentsOfRecords() {
        records().deleteMany(new Document());
        for (int i = 0; i < 3; i++) {
            records().insertOne(new Document(MongoNames.TYPE, MongoNames.WRITE_TYPE));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/stats").then()
                .statusCode(200)
                .body("total_documents", equalTo(3)));
    }

    @Test
    void aStormOfStatsCallsCostsOneCountPerMaxAge() {
        given().get("/api/stats").then().statusCode(200);
        long countsBefore = mongoServer.stats().count("count");
        long started = System.nanoTime();

        for (int i = 0; i < 200; i++) {
            given().get("/api/stats").then().statusCode(200);
        }

        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(mongoServer.stats().count("count") - countsBefore).isLessThanOrEqualTo(elapsedSeconds + 1);
    }

    @Test
    void mongoDownServesTheLastKnownCount() {
        given().get("/api/stats").then().statusCode(200);
        mongoServer.stop();
        try {
            for (int i = 0; i < 5; i++) {
                given().get("/api/stats").then().statusCode(200);
            }
        } finally {
            mongoServer.start();
        }
    }

    private MongoCollection<Document> records() {
        return mongo.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
    }
}
