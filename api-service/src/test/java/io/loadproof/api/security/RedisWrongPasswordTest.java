package io.loadproof.api.security;

import static io.loadproof.api.security.RedisWrongPasswordTest.WRONG_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisWithPasswordTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A wrong REDIS_PASSWORD: the pod is not ready and refuses requests with a JSON reason, fast, naming no password. */
@QuarkusTest
@WithTestResource(value = RedisWithPasswordTestResource.class,
        initArgs = @ResourceArg(name = "client-password", value = WRONG_PASSWORD))
@WithTestResource(MongoTestResource.class)
class RedisWrongPasswordTest {

    static final String WRONG_PASSWORD = "not-the-redis-password";

    @Test
    void readinessIs503WithAJsonReason() {
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> given().get("/readyz").then()
                .statusCode(503)
                .contentType("application/json")
                .body("status", equalTo("not ready"))
                .body("reason", containsString("WRONGPASS")));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }

    @Test
    void dataIs503AtOnceWithAJsonReason() {
        await().atMost(Duration.ofSeconds(3)).until(() -> given().get("/readyz").statusCode() == 503);
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            given().get("/api/data").then()
                    .statusCode(503)
                    .contentType("application/json")
                    .header("Retry-After", "1")
                    .body("status", equalTo("error"))
                    .body("message", equalTo("the queue is unreachable"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/readyz", "/api/data", "/api/queue", "/q/health", "/q/health/ready", "/q/metrics" })
    void noAnswerNamesEitherPassword(String path) {
        Response response = given().get(path);

        assertThat(response.asString())
                .doesNotContain(WRONG_PASSWORD)
                .doesNotContain(RedisWithPasswordTestResource.DEFAULT_PASSWORD);
        assertThat(response.headers().toString())
                .doesNotContain(WRONG_PASSWORD)
                .doesNotContain(RedisWithPasswordTestResource.DEFAULT_PASSWORD);
    }
}
