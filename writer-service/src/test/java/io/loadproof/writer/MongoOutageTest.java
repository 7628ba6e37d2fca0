package io.loadproof.writer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.embedded.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisTestResource;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** MongoDB stopped and started again while entries keep arriving: nothing lost, nothing doubled. */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MongoOutageTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @Test
    void anOutageLosesNothingAndReadinessFollowsIt() throws InterruptedException {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> beforeOutage = TestQueue.requests(30);
        List<QueuedWrite> duringOutage = TestQueue.requests(40);
        List<QueuedWrite> afterOutage = TestQueue.requests(30);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        queue.enqueue(beforeOutage);
        mongoServer.stop();
        try {
            queue.enqueue(duringOutage);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
            given().get("/q/health/live").then().statusCode(200);
            // Stay down through several retries, past the driver's 2 s server-selection timeout.
            Thread.sleep(4000);
            given().get("/q/health/ready").then().statusCode(503);
            // Nothing of what arrived during the outage was acknowledged: it waits in the stream.
            assertThat(queue.length()).isGreaterThanOrEqualTo(duringOutage.size());
        } finally {
            mongoServer.start();
        }
        queue.enqueue(afterOutage);

        await().atMost(Duration.ofSeconds(60)).until(() -> queue.length() == 0 && queue.pending() == 0);
        records.assertStoredExactly(beforeOutage);
        records.assertStoredExactly(duringOutage);
        records.assertStoredExactly(afterOutage);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metricValue(metrics, "writer_database_unavailable_retries_total")).isPositive();
        assertThat(metricValue(metrics, "writer_documents_written_total")).isGreaterThanOrEqualTo(500);
    }

    static double metricValue(String exposition, String name) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
