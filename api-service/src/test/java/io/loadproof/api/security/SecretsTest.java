package io.loadproof.api.security;

import static io.loadproof.api.security.SecretsTest.REDIS_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.CapturedLogResource;
import io.loadproof.embedded.quarkus.InjectRedisServer;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisWithPasswordTestResource;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * With a distinctive Redis password and admin token, the service is driven through its normal and
 * its error paths (Redis stopped, then back), and neither secret appears in any answer of the
 * endpoints an operator or a client can read, nor anywhere in its log, captured at DEBUG.
 */
@QuarkusTest
@TestProfile(SecretsTest.DistinctiveAdminToken.class)
@WithTestResource(value = RedisWithPasswordTestResource.class, initArgs = @ResourceArg(name = "password", value = REDIS_PASSWORD))
@WithTestResource(MongoTestResource.class)
@WithTestResource(CapturedLogResource.class)
class SecretsTest {

    static final String REDIS_PASSWORD = "rp-5f1c8e0a-redis-secret";
    static final String ADMIN_TOKEN = "at-9b2d4e71-admin-secret";
    private static final String FLUSH = "/api/admin/cache/flush";
    private static final List<String> READABLE = List.of("/healthz", "/readyz", "/api/data", "/api/stats", "/api/queue",
            "/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/nope");

    public static class DistinctiveAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.admin.token", ADMIN_TOKEN);
        }
    }

    @InjectRedisServer
    RedisServerProcess redisServer;

    @Test
    void noSecretInAnyAnswerOrLogLineWithRedisUpThenDownThenBack() throws IOException {
        List<String> answers = new ArrayList<>();
        // Generous: the first call of a test JVM on a busy machine starts RestAssured (Groovy) too.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/readyz").statusCode() == 200);
        answers.addAll(exercise(200));

        redisServer.stop();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/readyz").statusCode() == 503);
            answers.addAll(exercise(503));
        } finally {
            redisServer.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/data").statusCode() == 200);

        assertThat(answers).hasSizeGreaterThan(2 * READABLE.size());
        assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotContain(REDIS_PASSWORD).doesNotContain(ADMIN_TOKEN));

        StringBuilder log = new StringBuilder();
        for (Path file : CapturedLogResource.files()) {
            log.append(Files.readString(file, StandardCharsets.UTF_8));
        }
        assertThat(log).as("the capture worked: the outage and recovery were logged, and DEBUG lines too")
                .contains("Redis is unavailable").contains("Redis is available again").contains(" DEBUG ");
        assertThat(log.indexOf(REDIS_PASSWORD)).as("Redis password in the log").isEqualTo(-1);
        assertThat(log.indexOf(ADMIN_TOKEN)).as("admin token in the log").isEqualTo(-1);
    }

    /** Every readable endpoint, and the admin endpoint with no, wrong, nearly right and right tokens. */
    private List<String> exercise(int expectedData) {
        List<String> answers = new ArrayList<>();
        given().get("/api/data").then().statusCode(expectedData);
        for (String path : READABLE) {
            answers.add(describe(given().get(path)));
        }
        for (String authorization : List.of("", "Bearer wrong", "Bearer " + ADMIN_TOKEN + "x", "Bearer " + REDIS_PASSWORD,
                "Bearer " + ADMIN_TOKEN)) {
            answers.add(describe(given().header("Authorization", authorization).post(FLUSH)));
        }
        return answers;
    }

    private static String describe(Response response) {
        return response.statusCode() + " " + response.headers() + " " + response.asString();
    }
}
