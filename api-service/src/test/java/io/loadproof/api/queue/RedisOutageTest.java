package io.loadproof.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RedisContents;
import io.loadproof.embedded.quarkus.InjectRedisServer;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.quarkus.redis.datasource.RedisDataSource;
import io.restassured.RestAssured;

/** Redis down: fast 503s, never a hang; Redis back (with its append-only file): the API recovers by itself. */
@ApiQuarkusTest
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
        List<String> queuedIds = RedisContents.queuedWrites(redis).stream()
                .flatMap(write -> write.hexIds().stream()).toList();
        assertThat(queuedIds).containsAll(acknowledged);
    }

    /** Measured with the JDK client: RestAssured's own overhead on a 503 is several hundred ms. */
    @Test
    void aHungRedisGives503WithinOneSecondNeverAHang() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest data = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/data")).build();
        assertThat(client.send(data, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        redisServer.freeze();
        try {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = client.send(data, HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(response.body()).contains("\"status\":\"error\"").contains("the queue");
                assertThat(took).isLessThan(Duration.ofSeconds(1));
            }
        } finally {
            redisServer.thaw();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/data").then().statusCode(200));
    }
}
