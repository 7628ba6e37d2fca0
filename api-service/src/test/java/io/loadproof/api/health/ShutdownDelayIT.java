package io.loadproof.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiProcess;
import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.restassured.path.json.JsonPath;

/**
 * The packaged service gets SIGTERM under a trickle of requests, with {@code SHUTDOWN_DELAY=3s}: during
 * the delay both readiness answers, {@code /readyz} and {@code /q/health/ready}, are 503 while every
 * {@code /api/data} still gets a 200; then it exits, and every id it answered with 200 is in the stream.
 */
class ShutdownDelayIT {

    private static final Duration DELAY = Duration.ofSeconds(3);
    /** Generous: two shared cores; the delay starts a moment after the signal. */
    private static final Duration MARGIN = Duration.ofMillis(700);

    private static RedisServerProcess redis;
    private static MongoWireServer mongo;

    private record Answer(long sentNanos, int status, String body) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startServers() {
        redis = RedisServerProcess.builder().appendOnly(true).build().start();
        mongo = MongoWireServer.startNew();
    }

    @AfterAll
    static void stopServers() {
        if (mongo != null) {
            mongo.close();
        }
        if (redis != null) {
            redis.kill();
        }
    }

    @Test
    void duringTheDelayReadinessFailsWhileEveryRequestIsServedThenTheProcessExits() throws Exception {
        try (ApiProcess api = ApiProcess.start("api-shutdown-it", Map.of("REDIS_URL", redis.url(),
                "MONGO_URI", mongo.connectionString(), "SHUTDOWN_DELAY", DELAY.toSeconds() + "s"))) {
            api.awaitReady(Duration.ofSeconds(90));
            Map<String, Answer> readyBefore = new HashMap<>();
            List<Answer> data = new CopyOnWriteArrayList<>();
            Thread trickle = new Thread(() -> trickle(api, data), "trickle");
            trickle.setDaemon(true);
            trickle.start();
            Thread.sleep(500);
            for (String path : List.of("/readyz", "/q/health/ready")) {
                readyBefore.put(path, get(api.url(path)));
            }

            long terminated = System.nanoTime();
            api.terminate();
            Map<String, List<Answer>> readiness = pollUntilGone(api, List.of("/readyz", "/q/health/ready"));
            assertThat(api.waitForExit(Duration.ofSeconds(20))).as("exited after SIGTERM").isTrue();
            long exited = System.nanoTime();
            trickle.interrupt();
            trickle.join(5000);

            assertThat(Duration.ofNanos(exited - terminated)).isGreaterThanOrEqualTo(DELAY);
            assertThat(readyBefore.values()).as("both ready before the signal")
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            for (List<Answer> answers : readiness.values()) {
                assertThat(within(answers, terminated + MARGIN.toNanos(), terminated + DELAY.toNanos()))
                        .isNotEmpty().allSatisfy(answer -> {
                            assertThat(answer.status()).isEqualTo(503);
                            assertThat(answer.body()).contains("shutting down");
                        });
            }
            List<Answer> duringDelay = within(data, terminated, terminated + DELAY.minus(MARGIN).toNanos());
            assertThat(duringDelay).hasSizeGreaterThan(10)
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(within(data, 0, terminated)).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(streamIds()).containsAll(acknowledgedIds(data));
            assertThat(api.log()).contains("SHUTDOWN_DELAY");
        }
    }

    private void trickle(ApiProcess api, List<Answer> answers) {
        while (!Thread.currentThread().isInterrupted()) {
            answers.add(get(api.url("/api/data")));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** GETs each path every 50 ms until the process no longer answers. */
    private Map<String, List<Answer>> pollUntilGone(ApiProcess api, List<String> paths) throws InterruptedException {
        Map<String, List<Answer>> answers = new LinkedHashMap<>();
        paths.forEach(path -> answers.put(path, new ArrayList<>()));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (String path : paths) {
                Answer answer = get(api.url(path));
                if (answer.status() < 0) {
                    return answers;
                }
                answers.get(path).add(answer);
            }
            Thread.sleep(50);
        }
        return answers;
    }

    /** A status of -1 when nothing answered (the process had closed its port). */
    private Answer get(String url) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(sent, response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(sent, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(sent, -1, "interrupted");
        }
    }

    private static List<Answer> within(List<Answer> answers, long fromNanos, long toNanos) {
        return answers.stream()
                .filter(answer -> answer.sentNanos() - fromNanos >= 0 && toNanos - answer.sentNanos() > 0)
                .toList();
    }

    private static Set<String> acknowledgedIds(List<Answer> answers) {
        Set<String> ids = new HashSet<>();
        answers.stream().filter(answer -> answer.status() == 200)
                .forEach(answer -> ids.addAll(JsonPath.from(answer.body()).getList("writes", String.class)));
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> streamIds() {
        Set<String> ids = new HashSet<>();
        List<Object> entries = (List<Object>) redis.command("XRANGE", RedisKeys.WRITE_STREAM, "-", "+");
        for (Object entry : entries) {
            List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
            ids.addAll(QueuedWriteCodec.decode((String) fields.get(1)).hexIds());
        }
        return ids;
    }
}
