package io.loadproof.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RedisContents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * At the backlog cap the API pushes back instead of trimming or growing the queue. One enqueue at a
 * time here, so concurrent requests wait for their turn, as they do under load.
 */
@ApiQuarkusTest
@TestProfile(BackpressureTest.SmallQueue.class)
class BackpressureTest {

    static final int CAP = 3;

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.queue.max-size", String.valueOf(CAP), "api.queue.max-in-flight", "1");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    BacklogMonitor backlog;

    /** The pod's estimate follows within one backlog reading (100 ms). */
    @BeforeEach
    void emptyRedis() {
        RedisContents.reset(redis);
        await().atMost(Duration.ofSeconds(5)).until(() -> backlog.backlog() == 0);
    }

    @Test
    void atTheCapRequestsGet503WithRetryAfterAndNothingIsEnqueuedOrTrimmed() {
        for (int i = 0; i < CAP; i++) {
            acceptOne();
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
            acceptOne();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/data").then().statusCode(503));

        redis.stream(String.class).xtrim(io.loadproof.model.RedisKeys.WRITE_STREAM,
                new io.quarkus.redis.datasource.stream.XTrimArgs().maxlen(0));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/data").then().statusCode(200));
        assertThat(RedisContents.backlog(redis)).isEqualTo(1);
    }

    /** Requests admitted while the backlog was below the cap are checked again when their turn to be sent comes. */
    @Test
    void waitersCannotOvershootTheCap() {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest data = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/data"))
                .build();

        List<CompletableFuture<HttpResponse<String>>> requests = IntStream.range(0, 30)
                .mapToObj(i -> client.sendAsync(data, HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> answers = requests.stream().map(CompletableFuture::join).toList();

        long accepted = answers.stream().filter(answer -> answer.statusCode() == 200).count();
        assertThat(answers).filteredOn(answer -> answer.statusCode() != 200).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("full");
        });
        assertThat(accepted).isBetween(1L, (long) CAP);
        assertThat(RedisContents.backlog(redis)).isEqualTo(accepted);
    }

    /**
     * One request, answered 200; then the pod's estimate is let settle on the true backlog: a reading
     * issued while the entry was in flight counts it twice (the estimate may run over, never under)
     * until the next reading, 100 ms later.
     */
    private void acceptOne() {
        given().get("/api/data").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> backlog.backlog() == RedisContents.backlog(redis));
    }
}
