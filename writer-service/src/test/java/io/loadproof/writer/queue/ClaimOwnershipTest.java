package io.loadproof.writer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.RedisKeys;
import io.loadproof.writer.support.StandaloneRedis;
import io.loadproof.writer.support.TestQueue;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * An entry belongs to the consumer it is pending on. When a slow worker's entries were claimed by
 * another (idle past CLAIM_IDLE_MS), the slow one's keeper does not take them back (which would
 * make the two write the same entry), and its dead-lettering of one does nothing (which would
 * leave a dead-letter copy of an entry the other writes).
 */
class ClaimOwnershipTest {

    private static RedisServerProcess server;
    private static StandaloneRedis redis;

    @BeforeAll
    static void startServer() {
        server = RedisServerProcess.builder().build().start();
        redis = new StandaloneRedis(server.url());
    }

    @AfterAll
    static void stopServer() {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void entriesClaimedByAnotherConsumerStayWithIt() {
        RedisDataSource dataSource = redis.dataSource();
        WriteStreamConsumer consumer = new WriteStreamConsumer(dataSource);
        TestQueue queue = new TestQueue(dataSource);
        consumer.ensureGroup();
        List<String> ids = queue.enqueue(TestQueue.requests(3));
        assertThat(consumer.readNew("slow", 3, Duration.ZERO)).hasSize(3);
        ClaimedEntries taken = consumer.claimIdle("fast", Duration.ZERO, ClaimedEntries.START, 1);
        String stolen = taken.entries().get(0).id();

        List<String> lost = consumer.keepClaimed("slow", ids);

        assertThat(lost).containsExactly(stolen);
        assertThat(owner(dataSource, stolen)).isEqualTo("fast");
        assertThat(owner(dataSource, ids.get(1))).isEqualTo("slow");
        assertThat(consumer.deadLetter("slow", stolen, "rejected")).isFalse();
        assertThat(dataSource.key().exists(RedisKeys.DEAD_LETTER_STREAM)).isFalse();
        assertThat(queue.remainingIds()).contains(stolen);
        assertThat(consumer.deadLetter("fast", stolen, "rejected")).isTrue();
        assertThat(queue.deadLetters()).containsOnlyKeys(stolen);
        assertThat(consumer.ackAndDelete(ids)).isEqualTo(2);
    }

    private static String owner(RedisDataSource dataSource, String id) {
        Response pending = dataSource.execute("XPENDING", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP, id, id, "1");
        return pending.get(0).get(1).toString();
    }
}
