package io.loadproof.api.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real redis-server primary with one real replica ({@code --replicaof}), each on a free port; the
 * API writes to the primary and waits for one replica's acknowledgement, 300 ms at most.
 */
public class ReplicatedRedisResource implements QuarkusTestResourceLifecycleManager {

    public static final Duration WAIT_TIMEOUT = Duration.ofMillis(300);

    private static RedisServerProcess primary;
    private static RedisServerProcess replica;

    @Override
    public Map<String, String> start() {
        primary = RedisServerProcess.startNew();
        replica = RedisServerProcess.builder()
                .arguments(List.of("--replicaof", primary.host(), String.valueOf(primary.port())))
                .build().start();
        awaitReplicaLinked();
        return Map.of("quarkus.redis.hosts", primary.url(), "api.queue.min-replicas", "1",
                "api.queue.replica-wait-timeout", WAIT_TIMEOUT.toMillis() + "ms");
    }

    public static RedisServerProcess primary() {
        return primary;
    }

    public static RedisServerProcess replica() {
        return replica;
    }

    /** Until the replica has its primary's data and follows its writes. */
    public static void awaitReplicaLinked() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> String.valueOf(replica.command("INFO", "replication"))
                .contains("master_link_status:up"));
    }

    @Override
    public void stop() {
        if (replica != null) {
            replica.kill();
        }
        if (primary != null) {
            primary.kill();
        }
    }
}
