package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * POST /api/admin/cache/flush empties the cache only for the configured bearer token ("test-admin-token"
 * in the test profile), presented as {@code Bearer <token>} in the Authorization header.
 */
@ApiQuarkusTest
class CacheFlushTest {

    private static final String FLUSH = "/api/admin/cache/flush";

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void cacheHoldsIds() {
        redis.value(String.class).set(RedisKeys.READ_CACHE_KEY, "6b0000000000000000000001");
    }

    @Test
    void withoutATokenTheFlushIsRefused() {
        given().post(FLUSH).then()
                .statusCode(401)
                .contentType("application/json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo("error"));

        assertThat(redis.key().exists(RedisKeys.READ_CACHE_KEY)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer wrong", "Bearer test-admin-tokenX", "Bearer test-admin-toke", "Basic test-admin-token",
            "test-admin-token", "Bearer " })
    void aWrongTokenIsRefused(String authorization) {
        given().header("Authorization", authorization).post(FLUSH).then()
                .statusCode(401)
                .body("status", equalTo("error"));

        assertThat(redis.key().exists(RedisKeys.READ_CACHE_KEY)).isTrue();
    }

    @Test
    void theTokenAnywhereButTheAuthorizationHeaderIsRefused() {
        given().queryParam("token", "test-admin-token").queryParam("access_token", "test-admin-token").post(FLUSH).then()
                .statusCode(401);
        given().cookie("token", "test-admin-token").post(FLUSH).then().statusCode(401);
        given().header("X-Admin-Token", "test-admin-token").post(FLUSH).then().statusCode(401);
        given().header("Authorization", "bearer test-admin-token").post(FLUSH).then().statusCode(401);
        given().header("Authorization", "Bearer  test-admin-token").post(FLUSH).then().statusCode(401);

        assertThat(redis.key().exists(RedisKeys.READ_CACHE_KEY)).isTrue();
    }

    @Test
    void aRefusalEchoesNothingOfWhatWasPresented() {
        String presented = "Bearer presented-" + "x".repeat(4000);

        String answer = given().header("Authorization", presented).post(FLUSH).then()
                .statusCode(401)
                .body("message", equalTo("a valid bearer token is required"))
                .extract().asString();

        assertThat(answer).doesNotContain("presented-").doesNotContain("test-admin-token");
    }

    @Test
    void theRightTokenEmptiesTheCache() {
        given().header("Authorization", "Bearer test-admin-token").post(FLUSH).then()
                .statusCode(200)
                .body("status", equalTo("flushed"));

        assertThat(redis.key().exists(RedisKeys.READ_CACHE_KEY)).isFalse();
    }
}
