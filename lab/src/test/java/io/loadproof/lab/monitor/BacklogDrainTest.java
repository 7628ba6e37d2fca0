package io.loadproof.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.RedisKeys;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/** The drain waits as long as the backlog shrinks, and gives up once it has stalled for the timeout. */
class BacklogDrainTest {

    private static final Duration STALL = Duration.ofMillis(1500);

    @Test
    void waitsPastTheTimeoutWhileTheBacklogShrinks() throws InterruptedException {
        try (RedisServerProcess redis = RedisServerProcess.builder().build().start();
                Jedis client = redis.connect()) {
            List<StreamEntryID> ids = add(client, 10);
            ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
            try (Jedis deleting = redis.connect()) {
                writer.scheduleWithFixedDelay(() -> deleteOne(deleting, ids), 300, 300, TimeUnit.MILLISECONDS);
                Optional<Duration> took = BacklogDrain.await(redis::connect, STALL);
                assertThat(took).as("drained").isPresent();
                assertThat(took.get()).isGreaterThan(STALL);
            } finally {
                writer.shutdownNow();
                writer.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void givesUpOnceTheBacklogStopsShrinking() {
        try (RedisServerProcess redis = RedisServerProcess.builder().build().start();
                Jedis client = redis.connect()) {
            add(client, 3);
            long started = System.nanoTime();
            assertThat(BacklogDrain.await(redis::connect, STALL)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(STALL);
            assertThat(StreamBacklog.read(client).entries()).isEqualTo(3);
        }
    }

    private static List<StreamEntryID> add(Jedis client, int count) {
        List<StreamEntryID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.xadd(RedisKeys.WRITE_STREAM, XAddParams.xAddParams(), Map.of(RedisKeys.ENTRY_FIELD, "e" + i)));
        }
        return ids;
    }

    private static void deleteOne(Jedis client, List<StreamEntryID> ids) {
        if (!ids.isEmpty()) {
            client.xdel(RedisKeys.WRITE_STREAM, ids.remove(0));
        }
    }
}
