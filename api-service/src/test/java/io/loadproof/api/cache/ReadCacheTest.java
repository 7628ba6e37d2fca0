package io.loadproof.api.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.embedded.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.model.LatestIds;
import io.loadproof.model.MongoNames;
import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;

/** The reads come from memory, then the Redis key the writer maintains, and only then, once per pod, from MongoDB. */
@ApiQuarkusTest
class ReadCacheTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @BeforeEach
    void emptyBothStores() {
        records().deleteMany(new Document());
        redis.flushall();
        flushCache();
    }

    @Test
    void readsFollowTheKeyTheWriterRefreshes() {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> new ObjectId().toHexString()).toList();
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(ids));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reads()).isEqualTo(ids));
    }

    @Test
    void aColdCacheLoadsTheNewestIdsFromMongoOnceAndSharesThemThroughRedis() {
        List<String> inserted = insertDocuments(7);
        List<String> newestFive = new ArrayList<>(inserted.subList(2, 7));
        Collections.reverse(newestFive);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reads()).isEqualTo(newestFive));
        assertThat(LatestIds.decode(redis.value(String.class).get(RedisKeys.READ_CACHE_KEY))).isEqualTo(newestFive);
    }

    @Test
    void manyConcurrentRequestsOnAColdCacheCauseAtMostOneMongoQuery() {
        insertDocuments(5);
        long findsBefore = mongoServer.stats().count("find");

        List<CompletableFuture<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> given().get("/api/data").statusCode()));
        }
        assertThat(requests.stream().map(CompletableFuture::join)).containsOnly(200);

        assertThat(mongoServer.stats().count("find") - findsBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void mongoDownNeverFailsDataAndReadsAreNull() {
        mongoServer.stop();
        try {
            for (int i = 0; i < 5; i++) {
                given().get("/api/data").then()
                        .statusCode(200)
                        .body("reads", contains(nullValue(), nullValue(), nullValue(), nullValue(), nullValue()));
            }
        } finally {
            mongoServer.start();
        }
    }

    private List<String> reads() {
        return given().get("/api/data").then().statusCode(200).extract().path("reads");
    }

    private List<String> insertDocuments(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectId id = new ObjectId();
            records().insertOne(new Document(MongoNames.ID, id).append(MongoNames.TYPE, MongoNames.WRITE_TYPE)
                    .append(MongoNames.INDEX, i % 5).append(MongoNames.PAYLOAD, "x".repeat(512))
                    .append(MongoNames.TIMESTAMP, Date.from(Instant.now())));
            ids.add(id.toHexString());
        }
        return ids;
    }

    private MongoCollection<Document> records() {
        return mongo.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
    }

    private static void flushCache() {
        given().header("Authorization", "Bearer test-admin-token").post("/api/admin/cache/flush").then().statusCode(200);
    }
}
