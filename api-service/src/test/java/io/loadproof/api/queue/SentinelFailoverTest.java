package io.loadproof.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.RedisContents;
import io.loadproof.api.support.SentinelRedisResource;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.SentinelTestResource;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.embedded.redis.SentinelTopology;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The Redis machine is lost (primary killed, its data deleted) under the API, which found it through the
 * Sentinels: the API answers fast JSON 503s while there is no primary with a replica, then 200s again
 * without a restart once the replica is promoted and the lost node is back as its replica; every id
 * answered 200, before and after, is on the new primary.
 */
@QuarkusTest
@WithTestResource(SentinelRedisResource.class)
@WithTestResource(MongoTestResource.class)
class SentinelFailoverTest {

    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final Duration NEVER_A_HANG = Duration.ofSeconds(3);

    private final HttpClient client = HttpClient.newHttpClient();
    private final Set<String> acknowledged = new HashSet<>();

    @Test
    void theApiFollowsTheFailoverAndKeepsEveryAcknowledgedId() throws Exception {
        SentinelTopology topology = SentinelTestResource.topology();
        for (int i = 0; i < 10; i++) {
            assertThat(request().statusCode()).isEqualTo(200);
        }
        RedisServerProcess replica = topology.replica();

        RedisServerProcess lost = topology.losePrimary();
        Awaitility.await().atMost(RECOVERY).until(() -> topology.primaryPort() == replica.port());
        assertThat(request().statusCode()).as("a primary without a replica refuses").isEqualTo(503);
        topology.restart(lost);
        Awaitility.await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).until(() -> request().statusCode() == 200);
        for (int i = 0; i < 10; i++) {
            assertThat(request().statusCode()).isEqualTo(200);
        }

        assertThat(RedisContents.idsOn(replica)).as("the new primary").containsAll(acknowledged);
    }

    /** One request; a 200 adds its ids to those acknowledged, anything else must be a fast JSON 503. */
    private HttpResponse<String> request() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/data")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            acknowledged.addAll(JsonPath.from(response.body()).getList("writes", String.class));
        } else {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(JsonPath.from(response.body()).getString("status")).isEqualTo("error");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NEVER_A_HANG);
        }
        return response;
    }
}
