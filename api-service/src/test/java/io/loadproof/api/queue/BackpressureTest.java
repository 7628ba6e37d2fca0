package io.loadproof.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RedisContents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** At the backlog cap the API pushes back instead of trimming or growing the queue. */
@ApiQuarkusTest
@TestProfile(BackpressureTest.SmallQueue.class)
class BackpressureTest {

    static final int CAP = 3;

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.queue.max-size", String.valueOf(CAP));
        }
    }

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void emptyRedis() {
        RedisContents.reset(redis);
    }

    @Test
    void atTheCapRequestsGet503WithRetryAfterAndNothingIsEnqueuedOrTrimmed() {
        for (int i = 0; i < CAP; i++) {
            given().get("/api/data").then().statusCode(200);
        }
        var firstEntries = RedisContents.queuedWrites(redis);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/data").then()
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("message", containsString("full")));
        for (int i = 0; i < 10; i++) {
            given().get("/api/data").then().statusCode(503);
        }

        assertThat(RedisContents.queuedWrites(redis)).isEqualTo(firstEntries);
    }

    @Test
    void belowTheCapAgainRequestsAreAccepted() {
        for (int i = 0; i < CAP; i++) {
            given().get("/api/data").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/data").then().statusCode(503));

        redis.stream(String.class).xtrim(io.loadproof.model.RedisKeys.WRITE_STREAM,
                new io.quarkus.redis.datasource.stream.XTrimArgs().maxlen(0));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/data").then().statusCode(200));
        assertThat(RedisContents.backlog(redis)).isEqualTo(1);
    }
}
