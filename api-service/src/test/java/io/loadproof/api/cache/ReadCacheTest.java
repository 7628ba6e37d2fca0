package io.loadproof.api.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.embedded.quarkus.InjectRedisServer;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.LatestIds;
import io.loadproof.model.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The reads come from memory, then from the Redis key the writer maintains, and, while no id is
 * known, from the request's own writes: never null, and never from MongoDB.
 */
@ApiQuarkusTest
class ReadCacheTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ReadCache cache;

    @Inject
    MeterRegistry meters;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @InjectRedisServer
    RedisServerProcess redisServer;

    @BeforeEach
    void emptySystem() {
        redis.flushall();
        given().header("Authorization", "Bearer test-admin-token").post("/api/admin/cache/flush").then().statusCode(200);
    }

    @Test
    void readsFollowTheKeyTheWriterRefreshes() {
        List<String> ids = newIds(5);
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(ids));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reads(data())).isEqualTo(ids));
    }

    @Test
    void withNoIdKnownARequestReadsItsOwnWrites() {
        ExtractableResponse<Response> answer = data();

        assertThat(reads(answer)).hasSize(5).isEqualTo(answer.path("writes"));
        assertThat(answer.<Boolean>path("cached")).isFalse();
    }

    @Test
    void fewerThanFiveKnownIdsAreCompletedWithTheRequestsOwn() {
        List<String> known = newIds(2);
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(known));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ExtractableResponse<Response> answer = data();
            List<String> writes = answer.path("writes");
            assertThat(reads(answer)).containsExactly(known.get(0), known.get(1), writes.get(2), writes.get(3),
                    writes.get(4));
        });
    }

    @Test
    void concurrentRequestsOnAColdCacheAllReadFiveIdsAndNeverAskMongo() {
        data();
        long mongoQueriesBefore = mongoQueries();
        given().header("Authorization", "Bearer test-admin-token").post("/api/admin/cache/flush").then().statusCode(200);

        List<CompletableFuture<List<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> reads(data())));
        }

        assertThat(requests.stream().map(CompletableFuture::join))
                .allSatisfy(reads -> assertThat(reads).hasSize(5).doesNotContainNull());
        assertThat(mongoQueries() - mongoQueriesBefore).isZero();
    }

    @Test
    void mongoDownChangesNothingForData() {
        mongoServer.stop();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(reads(data())).hasSize(5).doesNotContainNull();
            }
        } finally {
            mongoServer.start();
        }
    }

    /**
     * A frozen Redis answers nothing, yet every read returns within its bound, and the refresh keeps
     * being retried (each attempt times out) instead of waiting forever on the first hung call.
     */
    @Test
    void aFrozenRedisNeverPinsTheRefresh() {
        List<String> before = newIds(5);
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(before));
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.reads().await().indefinitely().ids().equals(before));
        double errorsBefore = redisErrors();

        redisServer.freeze();
        try {
            long frozenUntil = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < frozenUntil) {
                ReadCache.Reads reads = cache.reads().await().atMost(Duration.ofSeconds(1));
                assertThat(reads.ids()).isEqualTo(before);
                sleep(50);
            }
        } finally {
            redisServer.thaw();
        }

        assertThat(redisErrors() - errorsBefore).as("refresh attempts that timed out during the freeze")
                .isGreaterThanOrEqualTo(2);
        List<String> after = newIds(5);
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(after));
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.reads().await().indefinitely().ids().equals(after));
    }

    private static ExtractableResponse<Response> data() {
        return given().get("/api/data").then().statusCode(200).extract();
    }

    private static List<String> reads(ExtractableResponse<Response> answer) {
        return answer.path("reads");
    }

    private long mongoQueries() {
        return mongoServer.stats().count("find") + mongoServer.stats().count("aggregate");
    }

    private double redisErrors() {
        return meters.counter("api.cache.reads", "level", "redis", "result", "error").count();
    }

    private static List<String> newIds(int count) {
        return IntStream.range(0, count).mapToObj(i -> new ObjectId().toHexString()).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
