package io.loadproof.embedded.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Real processes: the replica follows the primary; when the primary's machine is lost the Sentinels promote
 * the replica, which kept every write it acknowledged; the lost node comes back empty as the new primary's replica.
 */
class SentinelTopologyTest {

    private static final String PASSWORD = "sentinel-test";
    private static final Duration FAILOVER = Duration.ofSeconds(30);

    @Test
    void promotesTheReplicaWhenThePrimaryIsLostAndTakesTheOldOneBackAsAReplica() {
        try (SentinelTopology topology = SentinelTopology.start(PASSWORD)) {
            RedisServerProcess primary = topology.primary();
            RedisServerProcess replica = topology.replica();
            awaitRole(replica, "role:slave", "master_link_status:up");
            primary.command("SET", "acknowledged", "yes");
            assertThat(primary.command("WAIT", "1", "1000")).as("replicas that acknowledged").isEqualTo(1L);

            RedisServerProcess lost = topology.losePrimary();
            assertThat(Files.exists(lost.dataDirectory())).isFalse();
            Awaitility.await().atMost(FAILOVER).until(() -> topology.primaryPort() == replica.port());
            awaitRole(replica, "role:master");
            assertThat(replica.command("GET", "acknowledged")).isEqualTo("yes");

            topology.restart(lost);
            awaitRole(lost, "role:slave", "master_port:" + replica.port(), "master_link_status:up");
            assertThat(lost.command("GET", "acknowledged")).as("resynchronised from the new primary").isEqualTo("yes");
        }
    }

    private static void awaitRole(RedisServerProcess node, String... lines) {
        Awaitility.await().atMost(FAILOVER).ignoreExceptions().until(() -> {
            String replication = String.valueOf(node.command("INFO", "replication"));
            for (String line : lines) {
                if (!replication.contains(line)) {
                    return false;
                }
            }
            return true;
        });
    }
}
