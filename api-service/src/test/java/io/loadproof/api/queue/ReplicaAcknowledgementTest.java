package io.loadproof.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.RedisContents;
import io.loadproof.api.support.ReplicatedRedisResource;
import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * With {@code REDIS_MIN_REPLICAS=1}, a 200 means a real replica has the request's entry: with the
 * replica attached every request gets a 200 and its ids are on the replica; with the replica hung
 * (SIGSTOP) every request gets a 503 that says why, within the wait timeout, and none a 200.
 */
@QuarkusTest
@WithTestResource(ReplicatedRedisResource.class)
@WithTestResource(MongoTestResource.class)
class ReplicaAcknowledgementTest {

    private static final int REQUESTS = 20;
    /** The enqueue timeout (800 ms) would answer first if the WAIT's reply were not awaited. */
    private static final Duration MARGIN = Duration.ofMillis(400);

    private final HttpClient client = HttpClient.newHttpClient();

    private record Answer(int status, String body, Duration took) {
    }

    @Test
    void a200MeansTheReplicaHasTheEntryAndAHungReplicaGets503s() throws Exception {
        RedisServerProcess replica = ReplicatedRedisResource.replica();
        List<Answer> attached = concurrentRequests();
        assertThat(attached).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        Set<String> acknowledged = new HashSet<>();
        attached.forEach(answer -> acknowledged.addAll(JsonPath.from(answer.body()).getList("writes", String.class)));
        assertThat(RedisContents.idsOn(replica)).as("read from the replica right after the 200s").containsAll(acknowledged);

        replica.freeze();
        List<Answer> hung;
        try {
            hung = concurrentRequests();
        } finally {
            replica.thaw();
        }
        assertThat(hung).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body()).contains("only 0 of 1 replicas acknowledged the write within "
                    + ReplicatedRedisResource.WAIT_TIMEOUT.toMillis() + " ms");
            assertThat(answer.took()).isLessThan(ReplicatedRedisResource.WAIT_TIMEOUT.plus(MARGIN));
        });

        ReplicatedRedisResource.awaitReplicaLinked();
        assertThat(concurrentRequests()).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
    }

    /** {@value #REQUESTS} requests at once, so that several share a batch and its WAIT. */
    private List<Answer> concurrentRequests() throws Exception {
        List<CompletableFuture<Answer>> sent = new ArrayList<>();
        URI data = URI.create("http://localhost:" + RestAssured.port + "/api/data");
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            sent.add(client.sendAsync(HttpRequest.newBuilder(data).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> new Answer(response.statusCode(), response.body(),
                            Duration.ofNanos(System.nanoTime() - started))));
        }
        List<Answer> answers = new ArrayList<>();
        for (var answer : sent) {
            answers.add(answer.get());
        }
        return answers;
    }
}
