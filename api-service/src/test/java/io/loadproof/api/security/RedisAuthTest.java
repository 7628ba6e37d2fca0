package io.loadproof.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.RedisContents;
import io.loadproof.embedded.quarkus.InjectRedisServer;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisWithPasswordTestResource;
import io.loadproof.embedded.redis.RedisConnections;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Redis requires a password (AUTH); the API gets it from REDIS_PASSWORD, as in Kubernetes, and works. */
@QuarkusTest
@WithTestResource(RedisWithPasswordTestResource.class)
@WithTestResource(MongoTestResource.class)
class RedisAuthTest {

    @InjectRedisServer
    RedisServerProcess redisServer;

    @Inject
    RedisDataSource redis;

    @Test
    void redisRefusesAClientWithoutThePassword() {
        try (Jedis anonymous = RedisConnections.connect(redisServer.host(), redisServer.port(), null)) {
            assertThatThrownBy(() -> anonymous.xlen(RedisKeys.WRITE_STREAM))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void withThePasswordTheApiIsReadyAndEnqueues() {
        given().get("/readyz").then().statusCode(200).body("status", equalTo("ready"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        long before = RedisContents.backlog(redis);

        List<String> writes = given().get("/api/data").then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .extract().path("writes");

        assertThat(RedisContents.backlog(redis)).isEqualTo(before + 1);
        assertThat(RedisContents.queuedWrites(redis).stream().flatMap(write -> write.hexIds().stream()))
                .containsAll(writes);
        assertThat(redisServer.command("XLEN", RedisKeys.WRITE_STREAM)).isEqualTo(before + 1);
        given().get("/api/queue").then().statusCode(200).body("backlog", equalTo((int) before + 1));
    }
}
