package io.loadproof.writer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.QueuedWrite;
import io.loadproof.writer.support.Records;
import io.loadproof.writer.support.StandaloneRedis;
import io.loadproof.writer.support.TestQueue;
import io.loadproof.writer.support.WriterProcess;

/**
 * The packaged application, as a separate process, gets SIGTERM while it drains a backlog: every
 * entry is then either stored in MongoDB or still in the stream, and a new process finishes the
 * job with exact counts.
 */
class WriterShutdownIT {

    private static RedisServerProcess redisServer;
    private static MongoWireServer mongoServer;
    private static StandaloneRedis redis;
    private static MongoClient mongo;

    @BeforeAll
    static void startServers() {
        redisServer = RedisServerProcess.builder().appendOnly(true).build().start();
        mongoServer = MongoWireServer.startNew();
        redis = new StandaloneRedis(redisServer.url());
        mongo = MongoClients.create(mongoServer.connectionString());
    }

    @AfterAll
    static void stopServers() {
        if (mongo != null) {
            mongo.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (mongoServer != null) {
            mongoServer.close();
        }
        if (redisServer != null) {
            redisServer.kill();
        }
    }

    private static Map<String, String> environment() {
        // 10 entries (50 documents) per batch at 10 batches/s: a 3,000-document backlog takes ~6 s.
        return Map.of("REDIS_URL", redisServer.url(), "MONGO_URI", mongoServer.connectionString(),
                "MONGO_IOPS_BUDGET", "10", "BATCH_SIZE", "50", "WRITE_WORKERS", "4", "CLAIM_IDLE_MS", "1000");
    }

    @Test
    void sigtermMidBatchLosesNothing() throws Exception {
        TestQueue queue = new TestQueue(redis.dataSource());
        Records records = new Records(mongo);
        List<QueuedWrite> writes = TestQueue.requests(600);
        List<String> entryIds = queue.enqueue(writes);

        WriterProcess first = WriterProcess.start("writer-it-first", environment(), List.of("-Xmx256m"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.status("/q/health/ready") == 200);
            String metrics = first.body("/q/metrics");
            assertThat(metrics).contains("writer_documents_written_total", "writer_batch_size_documents",
                    "writer_insert_latency_seconds", "writer_backlog_entries", "writer_pending_entries",
                    "writer_claims_total", "writer_dead_letters_total", "writer_budget_wait_seconds",
                    "writer_database_unavailable_retries_total");
            await().atMost(Duration.ofSeconds(60)).until(() -> records.total() >= 500);

            first.terminate(Duration.ofSeconds(40));
        } finally {
            first.close();
        }
        assertThat(first.log()).contains("Writer stopped");

        // Each entry is stored whole or still queued; the batches in flight were finished and acked.
        Set<String> queued = queue.remainingIds();
        long stored = records.total();
        assertThat(stored).isLessThan(3000);
        List<QueuedWrite> unwritten = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            long documents = records.countOf(writes.get(i).ids());
            if (!queued.contains(entryIds.get(i))) {
                assertThat(documents).as("documents of acknowledged entry %s", entryIds.get(i)).isEqualTo(5);
            } else {
                unwritten.add(writes.get(i));
            }
        }
        assertThat(unwritten).isNotEmpty();
        assertThat(queue.pending()).as("entries left pending by the graceful shutdown").isZero();

        WriterProcess second = WriterProcess.start("writer-it-second", environment(), List.of("-Xmx256m"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> queue.length() == 0 && queue.pending() == 0);
            records.assertStoredExactly(writes);
            assertThat(records.total()).isEqualTo(3000);
            second.terminate(Duration.ofSeconds(40));
        } finally {
            second.close();
        }
    }
}
