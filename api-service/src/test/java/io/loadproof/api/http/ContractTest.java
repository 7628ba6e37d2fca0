package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RedisContents;
import io.quarkus.redis.datasource.RedisDataSource;

/** The endpoints and bodies of the original assessment, which the unmodified k6 script checks. */
@ApiQuarkusTest
class ContractTest {

    private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
    private static final String OBJECT_ID = "[0-9a-f]{24}";

    @Inject
    RedisDataSource redis;

    /** An empty system: no entry, no cached id in Redis or in the pod's memory. */
    @BeforeEach
    void emptySystem() {
        RedisContents.reset(redis);
        given().header("Authorization", "Bearer test-admin-token").post("/api/admin/cache/flush").then().statusCode(200);
    }

    @Test
    void healthzIsAlwaysOk() {
        given().get("/healthz").then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("ok"))
                .body("timestamp", matchesPattern(ISO_INSTANT));
    }

    @Test
    void readyzIsReadyWhileRedisAnswers() {
        given().get("/readyz").then()
                .statusCode(200)
                .body("status", equalTo("ready"))
                .body("timestamp", matchesPattern(ISO_INSTANT));
    }

    @Test
    void dataAnswersWithFiveWritesFiveReadsAndSuccess() {
        given().accept("application/json").get("/api/data").then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("success"))
                .body("writes", hasSize(5))
                .body("writes", everyItem(matchesPattern(OBJECT_ID)))
                .body("reads", hasSize(5))
                .body("queued", equalTo(true))
                .body("timestamp", matchesPattern(ISO_INSTANT));
    }

    @Test
    void theFirstRequestOfAnEmptySystemReadsFiveIdsItsOwn() {
        DataBody first = given().get("/api/data").then()
                .statusCode(200)
                .body("reads", hasSize(5))
                .body("reads", everyItem(matchesPattern(OBJECT_ID)))
                .extract().as(DataBody.class);

        assertThat(first.reads()).isEqualTo(first.writes());
    }

    @Test
    void statsCountsTheDocuments() {
        given().get("/api/stats").then()
                .statusCode(200)
                .body("total_documents", not(nullValue()))
                .body("timestamp", matchesPattern(ISO_INSTANT));
    }

    @Test
    void timestampIsNow() {
        String timestamp = given().get("/api/data").then().statusCode(200).extract().path("timestamp");

        assertThat(Instant.parse(timestamp))
                .isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
    }
}
