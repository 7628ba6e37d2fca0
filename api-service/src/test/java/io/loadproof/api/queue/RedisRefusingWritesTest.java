package io.loadproof.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.RedisContents;
import io.loadproof.api.support.SmallRedisMemoryResource;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XTrimArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Redis at {@code maxmemory} (noeviction) answers every XADD with an OOM error: the API answers 503
 * at once, like an outage, and is unready until a write succeeds again; memory freed (as the writer
 * frees it), it accepts requests again by itself, and every id it answered with 200 is in the stream.
 */
@QuarkusTest
@WithTestResource(SmallRedisMemoryResource.class)
@WithTestResource(MongoTestResource.class)
class RedisRefusingWritesTest {

    private static final Duration FILL_AT_MOST = Duration.ofSeconds(90);
    private static final Duration STABLY_FULL = Duration.ofMillis(1500);
    private static final int CONCURRENCY = 16;

    @Inject
    RedisDataSource redis;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void atMaxmemoryRequestsGet503FastAndTheApiIsUnreadyUntilMemoryIsFreed() throws Exception {
        Set<String> acknowledged = new HashSet<>();
        HttpResponse<String> refused = fillUntilRefused(acknowledged);

        assertThat(acknowledged).as("requests accepted before Redis was full").isNotEmpty();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertRefusedFastWithJson();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> given().get("/readyz").then()
                .statusCode(503)
                .body("status", equalTo("not ready"))
                .body("reason", containsString("refuses writes")));
        given().get("/q/health/ready").then().statusCode(503);

        List<QueuedWrite> drained = RedisContents.queuedWrites(redis);
        redis.stream(String.class).xtrim(RedisKeys.WRITE_STREAM, new XTrimArgs().maxlen(0));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/readyz").then().statusCode(200));
        given().get("/api/data").then().statusCode(200);
        Set<String> stored = new HashSet<>();
        drained.forEach(write -> stored.addAll(write.hexIds()));
        assertThat(stored).containsAll(acknowledged);
    }

    /**
     * Sends requests until Redis is full for good: at the boundary a write that frees a little room
     * (Redis trims its clients' buffers) lets the next few entries in, so filling stops only once
     * nothing has been accepted for {@link #STABLY_FULL}. Keeps the ids of the 200s; a 503 for
     * another reason (a slow moment of a shared machine) is not the subject here.
     */
    private HttpResponse<String> fillUntilRefused(Set<String> acknowledged) {
        long deadline = System.nanoTime() + FILL_AT_MOST.toNanos();
        long lastAccepted = System.nanoTime();
        HttpResponse<String> refused = null;
        while (System.nanoTime() < deadline) {
            for (HttpResponse<String> answer : concurrentData()) {
                if (answer.statusCode() == 200) {
                    acknowledged.addAll(JsonPath.from(answer.body()).getList("writes", String.class));
                    lastAccepted = System.nanoTime();
                } else if (answer.body().contains("refuses writes")) {
                    refused = answer;
                }
            }
            if (refused != null && System.nanoTime() - lastAccepted > STABLY_FULL.toNanos()) {
                return refused;
            }
        }
        throw new AssertionError("Redis did not stay full within " + FILL_AT_MOST.toSeconds() + " s");
    }

    private void assertRefusedFastWithJson() throws IOException, InterruptedException {
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            HttpResponse<String> answer = data();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).contains("1");
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonPath body = JsonPath.from(answer.body());
            assertThat(body.getString("status")).isEqualTo("error");
            assertThat(body.getString("message")).isEqualTo("the queue refuses writes (OOM)");
            assertThat(took).isLessThan(Duration.ofSeconds(1));
        }
    }

    private HttpResponse<String> data() throws IOException, InterruptedException {
        return client.send(dataRequest(), HttpResponse.BodyHandlers.ofString());
    }

    /** Redis fsyncs once per pass for all the clients it served: several at once fill it faster. */
    private List<HttpResponse<String>> concurrentData() {
        List<CompletableFuture<HttpResponse<String>>> requests = IntStream.range(0, CONCURRENCY)
                .mapToObj(i -> client.sendAsync(dataRequest(), HttpResponse.BodyHandlers.ofString())).toList();
        return requests.stream().map(CompletableFuture::join).toList();
    }

    private static HttpRequest dataRequest() {
        return HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/data")).build();
    }
}
