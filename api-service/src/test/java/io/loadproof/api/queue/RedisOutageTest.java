package io.loadproof.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.loadproof.api.ApiTestSupport;
import io.loadproof.embedded.RedisServerProcess;
import io.loadproof.embedded.quarkus.InjectRedisServer;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisTestResource;
import io.loadproof.model.QueuedWrite;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Redis down: fast 503s, never a hang; Redis back (with its append-only file): the API recovers by itself. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(MongoTestResource.class)
class RedisOutageTest {

    @InjectRedisServer
    RedisServerProcess redisServer;

    @Inject
    RedisDataSource redis;

    @Test
    void redisStoppedGives503FastAndTheServiceRecoversWhenItReturns() {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acknowledged.addAll(given().get("/api/data").then().statusCode(200).extract().<List<String>>path("writes"));
        }

        redisServer.stop();
        try {
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                given().get("/api/data").then()
                        .statusCode(503)
                        .header("Retry-After", "1")
                        .body("status", equalTo("error"));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            }
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> given().get("/readyz").then()
                    .statusCode(503)
                    .body("status", equalTo("not ready")));
        } finally {
            redisServer.start();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/data").then().statusCode(200));
        given().get("/readyz").then().statusCode(200);
        List<String> queuedIds = ApiTestSupport.queuedWrites(redis).stream()
                .flatMap(write -> write.hexIds().stream()).toList();
        assertThat(queuedIds).containsAll(acknowledged);
    }
}
