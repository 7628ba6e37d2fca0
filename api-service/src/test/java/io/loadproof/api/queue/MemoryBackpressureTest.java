package io.loadproof.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RedisContents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The refusal point follows Redis' own maxmemory: the API answers 503 with Retry-After once Redis'
 * used memory reaches maxmemory less QUEUE_MEMORY_RESERVE, before Redis itself refuses anything,
 * so the reserve stays free for what must not be refused; nothing is trimmed; and raising
 * maxmemory (no API setting to keep in step) lets requests in again.
 */
@ApiQuarkusTest
@TestProfile(MemoryBackpressureTest.SmallReserve.class)
class MemoryBackpressureTest {

    static final long RESERVE = 1024 * 1024;

    public static class SmallReserve implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.queue.memory-reserve", String.valueOf(RESERVE), "api.queue.max-in-flight", "1");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    BacklogMonitor monitor;

    @BeforeEach
    void emptyRedis() {
        RedisContents.reset(redis);
    }

    @AfterEach
    void noLimit() {
        redis.execute("CONFIG", "SET", "maxmemory", "0");
    }

    @Test
    void requestsGet503BeforeRedisIsFullAndAreAcceptedOnceItHasRoom() {
        long limit = usedMemory() + RESERVE + 200 * 1024;
        redis.execute("CONFIG", "SET", "maxmemory", String.valueOf(limit));
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.memoryLimit() == limit - RESERVE);

        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 20_000 && refused == null; i++) {
            Response response = given().get("/api/data");
            if (response.statusCode() == 200) {
                accepted++;
            } else {
                refused = response;
            }
        }

        assertThat(refused).as("a 503 before 20,000 requests").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.jsonPath().getString("message")).contains("write queue is full", "MB");
        assertThat(accepted).isPositive();
        assertThat(RedisContents.backlog(redis)).isEqualTo(accepted);
        assertThat(usedMemory()).as("the reserve is untouched").isLessThan(limit);
        redis.value(String.class).set("proof:redis-still-takes-writes", "yes");

        redis.execute("CONFIG", "SET", "maxmemory", String.valueOf(limit + 2 * RESERVE));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/data").then().statusCode(200));
    }

    private long usedMemory() {
        return BacklogMonitor.infoField(redis.execute("INFO", "memory").toString(), "used_memory");
    }
}
