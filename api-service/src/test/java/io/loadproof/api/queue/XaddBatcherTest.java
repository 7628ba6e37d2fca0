package io.loadproof.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;

/**
 * One batch of XADDs (one event-loop turn) that crosses Redis' maxmemory: Redis accepts the first
 * entries and refuses the rest. The batch fails as a whole, so no request of it gets a 200: not
 * the refused ones (their entries are not in Redis), nor the accepted ones, which are answered 503
 * and become extra documents. A 200 always means that very entry is in Redis.
 */
class XaddBatcherTest {

    private static final int ENTRIES = 4000;
    /** Room for about half the batch's entries; measured on redis-server 7.0, where the batch's own buffer counts too. */
    private static final int HEADROOM_BYTES = 300 * 1024;

    private RedisServerProcess server;
    private Vertx vertx;
    private Redis client;

    @BeforeEach
    void start() {
        server = RedisServerProcess.startNew();
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()).setMaxWaitingHandlers(2 * ENTRIES));
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.closeAndAwait();
        server.kill();
    }

    @Test
    void aBatchThatRedisPartlyRefusesAnswersNoneOfItsRequestsWith200() throws InterruptedException {
        client.send(Request.cmd(Command.PING)).await().indefinitely();
        long used = Long.parseLong(String.valueOf(server.command("INFO", "memory")).lines()
                .filter(line -> line.startsWith("used_memory:")).findFirst().orElseThrow().substring(12).strip());
        server.command("CONFIG", "SET", "maxmemory", String.valueOf(used + HEADROOM_BYTES));
        XaddBatcher batcher = new XaddBatcher(client, 0, Duration.ZERO);
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        Map<Integer, Throwable> failed = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(ENTRIES);

        vertx.runOnContext(() -> {
            for (int i = 0; i < ENTRIES; i++) {
                int request = i;
                batcher.append(entry()).subscribe().with(id -> {
                    accepted.put(request, id);
                    answered.countDown();
                }, failure -> {
                    failed.put(request, failure);
                    answered.countDown();
                });
            }
        });

        assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
        long stored = (Long) server.command("XLEN", RedisKeys.WRITE_STREAM);
        assertThat(stored).as("Redis accepted some entries of the batch and refused the others").isBetween(1L, ENTRIES - 1L);
        assertThat(accepted).as("no 200 in a batch with a refusal").isEmpty();
        assertThat(failed).hasSize(ENTRIES);
        assertThat(failed.values()).allSatisfy(failure -> assertThat(failure).hasMessageContaining("OOM"));
    }

    @Test
    void eachRequestOfABatchRedisAcceptsGetsItsOwnEntryId() throws InterruptedException {
        XaddBatcher batcher = new XaddBatcher(client, 0, Duration.ZERO);
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(100);

        vertx.runOnContext(() -> Stream.iterate(0, i -> i + 1).limit(100).forEach(request -> batcher.append(entry())
                .subscribe().with(id -> {
                    accepted.put(request, id);
                    answered.countDown();
                })));

        assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted.values()).doesNotHaveDuplicates().hasSize(100);
        assertThat(server.command("XLEN", RedisKeys.WRITE_STREAM)).isEqualTo(100L);
    }

    private static byte[] entry() {
        List<ObjectId> ids = Stream.generate(ObjectId::new).limit(5).toList();
        return QueuedWriteCodec.encodeNew(Instant.now(), ids, System.nanoTime());
    }
}
