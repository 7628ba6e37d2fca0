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

/**
 * The enqueue timeout expires while Redis still takes the XADD (its writes paused, then resumed):
 * the client gets a 503, and Redis stores the entry afterwards. That is an extra request's worth
 * of documents at most, never a lost one: a 503 promises nothing either way, a 200 is never sent
 * for an entry Redis does not have.
 */
@ApiQuarkusTest
@TestProfile(EnqueueTimeoutTest.ShortTimeout.class)
class EnqueueTimeoutTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.queue.enqueue-timeout", "300ms");
        }
    }

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void emptyRedis() {
        RedisContents.reset(redis);
    }

    @Test
    void aTimeoutWhileRedisStillAcceptsGives503AndAtMostAnExtraEntry() {
        given().get("/api/data").then().statusCode(200);
        redis.execute("CLIENT", "PAUSE", "1500", "WRITE");

        given().get("/api/data").then()
                .statusCode(503)
                .header("Retry-After", "1")
                .body("status", equalTo("error"))
                .body("message", containsString("did not accept the write within 300 ms"));

        await().atMost(Duration.ofSeconds(10)).until(() -> RedisContents.backlog(redis) == 2);
        assertThat(RedisContents.queuedWrites(redis)).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/data").then().statusCode(200));
        assertThat(RedisContents.backlog(redis)).isEqualTo(3);
    }
}
