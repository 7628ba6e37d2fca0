package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;

/** Health, queue status and Prometheus metrics for operators. */
@ApiQuarkusTest
class ObservabilityTest {

    @Inject
    RedisDataSource redis;

    @Test
    void healthEndpointsReportTheQueueAndRedis() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("api"));
    }

    @Test
    void queueStatusShowsTheBacklog() {
        redis.flushall();
        given().get("/api/data").then().statusCode(200);
        given().get("/api/data").then().statusCode(200);

        given().get("/api/queue").then()
                .statusCode(200)
                .body("backlog", equalTo(2))
                .body("pending", equalTo(0))
                .body("consumers", equalTo(0))
                .body("oldest_unwritten_age_ms", greaterThanOrEqualTo(0))
                .body("dead_letters", equalTo(0))
                .body("max_queue_size", nullValue())
                .body("memory_used_bytes", greaterThan(0))
                .body("memory_limit_bytes", equalTo(0));
    }

    @Test
    void prometheusMetricsCoverLatencyEnqueueRejectionsAndCache() {
        given().get("/api/data").then().statusCode(200);

        given().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/data\""))
                .body(containsString("api_enqueue_latency_seconds_bucket"))
                .body(containsString("api_queue_rejections_total{reason=\"queue_full\"}"))
                .body(containsString("api_cache_reads_total"))
                .body(containsString("api_queue_backlog"))
                .body(containsString("api_queue_memory_used_bytes"))
                .body(containsString("api_queue_memory_limit_bytes"));
    }
}
