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
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

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
    @CacheName(ReadCache.CACHE_NAME)
    Cache latestIds;

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
     * A frozen Redis answers nothing, yet every read returns within its bound (the last ids while
     * they are fresh, none once they expire), and the load keeps being retried (each attempt times
     * out) instead of waiting forever on the first hung call.
     */
    @Test
    void aFrozenRedisNeverPinsTheLoad() {
        List<String> before = newIds(5);
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(before));
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.reads().await().indefinitely().ids().equals(before));
        double errorsBefore = redisErrors();

        redisServer.freeze();
        try {
            long frozenUntil = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < frozenUntil) {
                long started = System.nanoTime();
                ReadCache.Reads reads = cache.reads().await().atMost(Duration.ofSeconds(1));
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .isLessThan(ReadCache.COLD_LOAD_WAIT.plusMillis(200));
                assertThat(reads.ids()).isIn(before, List.of());
                sleep(50);
            }
        } finally {
            redisServer.thaw();
        }

        assertThat(redisErrors() - errorsBefore).as("loads that timed out during the freeze")
                .isGreaterThanOrEqualTo(2);
        List<String> after = newIds(5);
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(after));
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.reads().await().indefinitely().ids().equals(after));
    }

    /**
     * A read that stops waiting for a slow load (at {@code COLD_LOAD_WAIT}) leaves it running: its
     * value then serves the next reads from memory. The load is held here by the test.
     */
    @Test
    void aReadThatGivesUpLeavesTheLoadRunningForTheNextReads() {
        List<String> slow = newIds(5);
        List<UniEmitter<? super List<String>>> pending = new ArrayList<>();
        CacheLoads.get(latestIds, ReadCache.KEY, () -> Uni.createFrom().<List<String>>emitter(pending::add))
                .subscribe().with(ignored -> { });

        ReadCache.Reads gaveUp = cache.reads().await().atMost(Duration.ofSeconds(1));
        pending.get(0).complete(slow);

        assertThat(gaveUp).isEqualTo(new ReadCache.Reads(List.of(), false));
        assertThat(cache.reads().await().atMost(Duration.ofSeconds(1))).isEqualTo(new ReadCache.Reads(slow, true));
    }

    /**
     * The race of a flush: a load begun before it (held here by the test) must not serve the reads
     * after it, neither by their joining it nor by its value arriving late.
     */
    @Test
    void aReadAfterAFlushDoesNotJoinALoadBegunBeforeIt() {
        List<String> beforeTheFlush = newIds(5);
        List<UniEmitter<? super List<String>>> pending = new ArrayList<>();
        CacheLoads.get(latestIds, ReadCache.KEY, () -> Uni.createFrom().<List<String>>emitter(pending::add))
                .subscribe().with(ignored -> { });
        List<String> afterTheFlush = newIds(5);

        cache.flush().await().atMost(Duration.ofSeconds(2));
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, LatestIds.encode(afterTheFlush));
        ReadCache.Reads first = cache.reads().await().atMost(Duration.ofSeconds(1));
        pending.get(0).complete(beforeTheFlush);

        assertThat(first.ids()).isEqualTo(afterTheFlush);
        assertThat(cache.reads().await().atMost(Duration.ofSeconds(1))).isEqualTo(new ReadCache.Reads(afterTheFlush, true));
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
