package io.loadproof.writer.config;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisWithPasswordTestResource;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Redis with AUTH, the password given as the manifests give it: REDIS_PASSWORD, none in REDIS_URL. */
@QuarkusTest
@WithTestResource(RedisWithPasswordTestResource.class)
@WithTestResource(MongoTestResource.class)
class RedisAuthTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Test
    void theWriterAuthenticatesAndDrainsTheStream() {
        TestQueue queue = new TestQueue(redis);
        Records records = new Records(mongo);
        List<QueuedWrite> writes = TestQueue.requests(20);

        queue.enqueue(writes);

        await().atMost(Duration.ofSeconds(30)).until(() -> records.countOf(TestQueue.documentIds(writes)) == 100);
        records.assertStoredExactly(writes);
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.length() == 0 && queue.pending() == 0);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
