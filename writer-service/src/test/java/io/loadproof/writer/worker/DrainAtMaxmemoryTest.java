package io.loadproof.writer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.SmallMemoryRedisResource;
import io.loadproof.writer.support.TestQueue;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The queue fills Redis up to its {@code maxmemory} until Redis refuses the next entry with OOM,
 * as the API's enqueue would see it: the writer still drains the whole backlog while Redis
 * refuses writes (its budget script, reads and acknowledgements are not refused; the read-cache
 * SET is, and does not stop it), and every accepted entry is stored exactly once.
 */
@QuarkusTest
@WithTestResource(value = SmallMemoryRedisResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@TestProfile(DrainAtMaxmemoryTest.SlowDrain.class)
class DrainAtMaxmemoryTest {

    /** Two batches a second: the test fills the stream far faster than the writer drains it. */
    public static class SlowDrain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("writer.iops-budget", "2");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Test
    void aQueueThatFilledRedisDrainsToZero() {
        TestQueue queue = new TestQueue(redis);
        List<QueuedWrite> accepted = queue.enqueueUntilOutOfMemory();
        assertThat(accepted).hasSizeGreaterThan(300);
        // Each batch the writer deletes takes Redis below maxmemory again; a maxmemory below anything
        // Redis could need keeps it refusing writes while the whole backlog drains.
        redis.execute("CONFIG", "SET", "maxmemory", "1");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> queue.length() == 0 && queue.pending() == 0);
            assertThatThrownBy(() -> queue.enqueue(TestQueue.requests(1))).hasMessageContaining("OOM");
        } finally {
            redis.execute("CONFIG", "SET", "maxmemory", SmallMemoryRedisResource.MAXMEMORY);
        }
        new Records(mongo).assertStoredExactly(accepted);

        List<QueuedWrite> afterwards = TestQueue.requests(5);
        queue.enqueue(afterwards);
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.length() == 0 && queue.pending() == 0);
        new Records(mongo).assertStoredExactly(afterwards);
    }
}
