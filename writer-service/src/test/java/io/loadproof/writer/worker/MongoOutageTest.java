package io.loadproof.writer.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.support.Metrics;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.quarkus.redis.datasource.RedisDataSource;

/** MongoDB stopped and started again while entries keep arriving: nothing lost, nothing doubled. */
@WriterQuarkusTest
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
        assertThat(Metrics.value("writer_database_unavailable_retries_total")).isPositive();
        assertThat(Metrics.value("writer_documents_written_total")).isGreaterThanOrEqualTo(500);
    }
}
