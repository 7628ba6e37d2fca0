package io.loadproof.writer.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.SentinelTestResource;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.embedded.redis.SentinelTopology;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.TestQueue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The writer finds Redis through the Sentinels; the primary's machine is lost mid-run: once the replica is
 * promoted the writer drains what is queued there without a restart, and every request is stored exactly once.
 */
@QuarkusTest
@WithTestResource(SentinelTestResource.class)
@WithTestResource(MongoTestResource.class)
class WriterSentinelFailoverTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Inject
    MongoClient mongo;

    @Test
    void theWriterFollowsTheFailoverAndStoresEveryRequestOnce() {
        SentinelTopology topology = SentinelTestResource.topology();
        Records records = new Records(mongo);
        List<QueuedWrite> before = TestQueue.requests(20);
        enqueue(topology.primary(), before);
        await().atMost(WITHIN).until(() -> records.countOf(TestQueue.documentIds(before)) == 100);

        RedisServerProcess replica = topology.replica();
        topology.losePrimary();
        await().atMost(WITHIN).until(() -> topology.primaryPort() == replica.port());
        List<QueuedWrite> after = TestQueue.requests(20);
        enqueue(replica, after);

        await().atMost(WITHIN).until(() -> records.countOf(TestQueue.documentIds(after)) == 100);
        List<QueuedWrite> all = new ArrayList<>(before);
        all.addAll(after);
        records.assertStoredExactly(all);
        await().atMost(WITHIN).until(() -> (Long) replica.command("XLEN", RedisKeys.WRITE_STREAM) == 0);
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /** Straight to a node, as the API's XADD would land there. */
    private static void enqueue(RedisServerProcess primary, List<QueuedWrite> writes) {
        for (QueuedWrite write : writes) {
            primary.command("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, SampleWrites.entry(write));
        }
    }
}
