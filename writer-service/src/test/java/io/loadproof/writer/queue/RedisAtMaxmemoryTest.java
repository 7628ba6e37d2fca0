package io.loadproof.writer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.RedisKeys;
import io.loadproof.writer.budget.IopsBudget;
import io.loadproof.writer.cache.LatestIdsPublisher;
import io.loadproof.writer.support.StandaloneRedis;
import io.loadproof.writer.support.TestQueue;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Redis at {@code maxmemory} with {@code noeviction} refuses whatever may grow memory; each
 * command and script of the writer's drain must still run, or a full queue could never be drained.
 * Only the read-cache SET is refused. The bundled redis-server is 6.2; run it with
 * {@code REDIS_SERVER_BINARY=/usr/bin/redis-server} to check a 7.x one.
 */
class RedisAtMaxmemoryTest {

    private static RedisServerProcess server;
    private static StandaloneRedis redis;

    @BeforeAll
    static void startServer() {
        server = RedisServerProcess.builder().arguments(List.of("--maxmemory", "3mb")).build().start();
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
    void everyStepOfTheDrainWorksAtMaxmemoryAndOnlyTheReadCacheIsRefused() throws InterruptedException {
        RedisDataSource dataSource = redis.dataSource();
        WriteStreamConsumer consumer = new WriteStreamConsumer(dataSource);
        TestQueue queue = new TestQueue(dataSource);
        consumer.ensureGroup();
        assertThat(queue.enqueueUntilOutOfMemory()).isNotEmpty();
        // At the border, a reply that leaves Redis' buffers can take it below maxmemory for a moment:
        // a maxmemory below anything Redis could need keeps it refusing writes for the whole test.
        dataSource.execute("CONFIG", "SET", "maxmemory", "1");
        assertAtMaxmemory(queue);

        consumer.ensureGroup();
        List<QueuedEntry> read = consumer.readNew("reader", 20, Duration.ZERO);
        assertThat(read).hasSize(20);
        ClaimedEntries claimed = consumer.claimIdle("claimer", Duration.ZERO, ClaimedEntries.START, 20);
        assertThat(claimed.entries()).extracting(QueuedEntry::id).containsExactlyElementsOf(ids(read));
        assertThat(consumer.keepClaimed("claimer", ids(read))).isEmpty();
        new IopsBudget(dataSource, "test:budget:maxmemory", 1000).acquire();
        assertAtMaxmemory(queue);
        assertThatThrownBy(() -> new LatestIdsPublisher(dataSource, Duration.ofMinutes(5)).publish(List.of("a")))
                .hasMessageContaining("OOM");

        consumer.deadLetter("claimer", read.get(0).id(), "test");
        assertThat(dataSource.stream(String.class).xlen(RedisKeys.DEAD_LETTER_STREAM)).isEqualTo(1);
        assertThat(consumer.ackAndDelete(ids(read.subList(1, read.size())))).isEqualTo(19);
        assertThat(consumer.pending()).isZero();
    }

    private static void assertAtMaxmemory(TestQueue queue) {
        assertThatThrownBy(() -> queue.enqueueRaw("probe")).as("Redis refuses an XADD").hasMessageContaining("OOM");
    }

    private static List<String> ids(List<QueuedEntry> entries) {
        return entries.stream().map(QueuedEntry::id).toList();
    }
}
