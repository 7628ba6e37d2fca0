package io.loadproof.writer.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.loadproof.embedded.mongo.CommandStats;
import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.embedded.quarkus.InjectRedisServer;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.SecondWriter;
import io.loadproof.writer.support.StandaloneRedis;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterQuarkusTest;
import io.loadproof.writer.worker.WriterPool;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Two writer instances drain one backlog together: the application's own, and a second one built
 * with plain constructors and its own Redis and MongoDB clients, as another process would have.
 * The MongoDB server counts the commands it serves in each wall-clock second.
 */
@WriterQuarkusTest
@TestProfile(SharedBudgetTest.SmallBudget.class)
class SharedBudgetTest {

    static final int BUDGET = 20;
    /**
     * Commands no budget can cover: the {@code hello} handshake of each new connection (a client
     * opens its monitor connection and up to one pooled connection per worker, mostly in its first
     * second of work) and the monitors' 10-second heartbeats. Seen: 23 in the second where the
     * second instance connected, otherwise at most 20.
     */
    static final int UNBUDGETED_ALLOWANCE = 4;

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // 2 entries (10 documents) per batch, so the budget, not the batch size, limits the drain.
            return Map.of("writer.iops-budget", String.valueOf(BUDGET), "writer.batch-size", "10",
                    "writer.workers", "2");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    WriterPool pool;

    @Inject
    WriterConfig config;

    @Inject
    MongoClient mongo;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @InjectRedisServer
    RedisServerProcess redisServer;

    @Test
    void twoWritersTogetherStayWithinTheSharedBudget() throws Exception {
        StandaloneRedis secondRedis = new StandaloneRedis(redisServer.url());
        MongoClient secondMongo = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoServer.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .build());
        WriterPool second = SecondWriter.pool(config, secondRedis.dataSource(), secondMongo, "second-instance");
        TestQueue queue = new TestQueue(redis);
        List<QueuedWrite> writes = TestQueue.requests(200);
        long firstSecond;
        long lastSecond;
        long elapsedNanos;
        try {
            second.start();
            firstSecond = System.currentTimeMillis() / 1000;
            long started = System.nanoTime();
            queue.enqueue(writes);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> queue.length() == 0 && queue.pending() == 0);
            elapsedNanos = System.nanoTime() - started;
            lastSecond = System.currentTimeMillis() / 1000;
        } finally {
            second.stop(Duration.ofSeconds(5));
            secondMongo.close();
            secondRedis.close();
        }

        List<CommandStats.SecondCount> perSecond = mongoServer.stats().perSecond(firstSecond, lastSecond);
        System.out.println("MongoDB commands per second while two writers drained: " + perSecond.stream()
                .map(count -> String.valueOf(count.commands())).toList());
        assertThat(perSecond).allSatisfy(
                count -> assertThat(count.commands()).isLessThanOrEqualTo(BUDGET + UNBUDGETED_ALLOWANCE));
        double average = perSecond.stream().mapToInt(CommandStats.SecondCount::commands).average().orElse(0);
        assertThat(average).isLessThanOrEqualTo(BUDGET + 1);

        double firstBatches = pool.metrics().batches();
        double secondBatches = second.metrics().batches();
        assertThat(firstBatches).isPositive();
        assertThat(secondBatches).isPositive();
        // The budget, not the machine, set the pace: the batches took at least (n - 1) slots' time.
        assertThat(elapsedNanos / 1e9).isGreaterThanOrEqualTo((firstBatches + secondBatches - 1) / BUDGET);

        new Records(mongo).assertStoredExactly(writes);
    }
}
