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
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.RedisContents;
import io.loadproof.api.support.NoEvictionRedisResource;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Redis answers every XADD with an error reply (here NOREPLICAS: {@code min-replicas-to-write 1}
 * with no replica; OOM, READONLY, MISCONF and LOADING take the same path): the API answers 503 at
 * once, like an outage, and is unready until a write succeeds again; once Redis takes writes
 * again, the API accepts requests by itself, and every id it answered with 200 is in the stream.
 * (Redis' memory filling up is refused earlier, by the API's own reading: MemoryBackpressureTest.)
 */
@QuarkusTest
@WithTestResource(NoEvictionRedisResource.class)
@WithTestResource(MongoTestResource.class)
class RedisRefusingWritesTest {

    private static final int ACCEPTED_FIRST = 20;

    @Inject
    RedisDataSource redis;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void whileRedisRefusesWritesRequestsGet503FastAndTheApiIsUnready() throws Exception {
        Set<String> acknowledged = acceptSome();
        redis.execute("CONFIG", "SET", "min-replicas-to-write", "1");

        assertRefusedFastWithJson();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> given().get("/readyz").then()
                .statusCode(503)
                .body("status", equalTo("not ready"))
                .body("reason", containsString("refuses writes")));
        given().get("/q/health/ready").then().statusCode(503);

        redis.execute("CONFIG", "SET", "min-replicas-to-write", "0");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/readyz").then().statusCode(200));
        String accepted = given().get("/api/data").then().statusCode(200).extract().asString();
        acknowledged.addAll(JsonPath.from(accepted).getList("writes", String.class));
        Set<String> stored = new HashSet<>();
        RedisContents.queuedWrites(redis).forEach(write -> stored.addAll(write.hexIds()));
        assertThat(stored).containsAll(acknowledged).hasSize(5 * (ACCEPTED_FIRST + 1));
    }

    private Set<String> acceptSome() throws IOException, InterruptedException {
        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < ACCEPTED_FIRST; i++) {
            HttpResponse<String> answer = data();
            assertThat(answer.statusCode()).isEqualTo(200);
            acknowledged.addAll(JsonPath.from(answer.body()).getList("writes", String.class));
        }
        return acknowledged;
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
            assertThat(body.getString("message")).isEqualTo("the queue refuses writes (NOREPLICAS)");
            assertThat(took).isLessThan(Duration.ofSeconds(1));
        }
    }

    private HttpResponse<String> data() throws IOException, InterruptedException {
        return client.send(dataRequest(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest dataRequest() {
        return HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/data")).build();
    }
}
