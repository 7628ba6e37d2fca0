package io.loadproof.lab.load;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * The k6 stress test of the assessment, in Gatling: a closed loop of virtual users, each sending
 * {@code GET /api/data} with no think time, following the stages of the scenario file, with the
 * same checks and thresholds. The request timeout comes from the scenario file too: run with
 * {@code -Dgatling.http.requestTimeout=<ms>} (the lab does).
 *
 * <p>System properties: {@code lab.baseUrl} (default http://localhost:8000), {@code lab.scenario}
 * (default stress-test/scenario.json), {@code lab.profile}, {@code lab.output} (where the recorder
 * writes its files), {@code lab.sampleEvery} and {@code lab.maxSampledRequests} (which returned ids
 * the recorder keeps for the audit: every 10th request, up to 50,000, by default).
 */
public class StressSimulation extends Simulation {

    private final String baseUrl = System.getProperty("lab.baseUrl", "http://localhost:8000");
    private final Scenario scenario = Scenario.read(Path.of(System.getProperty("lab.scenario",
            Scenario.DEFAULT_FILE.toString())));
    private final Scenario.Profile profile = scenario.profile(System.getProperty("lab.profile"));
    private final Path output = Path.of(System.getProperty("lab.output", "target/lab/load"));
    private final LoadRecorder recorder = new LoadRecorder(scenario.maxCheckDurationMs(),
            Integer.getInteger("lab.sampleEvery", 10), Integer.getInteger("lab.maxSampledRequests", 50_000));

    {
        HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
                .acceptHeader("application/json")
                // k6 keeps one keep-alive connection per VU; without sharing, Gatling would open a
                // new connection per closed-loop user and run out of ephemeral ports.
                .shareConnections();

        ScenarioBuilder apiData = scenario("api-data")
                .exec(session -> session.set("startedAt", System.currentTimeMillis()))
                .exec(http("GET " + scenario.endpoint()).get(scenario.endpoint())
                        .check(status().saveAs("status"))
                        .check(responseTimeInMillis().saveAs("latency"))
                        .check(jsonPath("$.status").optional().saveAs("bodyStatus"))
                        .check(jsonPath("$.writes[*]").findAll().optional().saveAs("writes"))
                        .check(status().is(200))
                        .check(jsonPath("$.status").is("success"))
                        .check(responseTimeInMillis().lt(scenario.maxCheckDurationMs())))
                .exec(this::record);

        setUp(apiData.injectClosed(injectionSteps()).protocols(protocol))
                .maxDuration(profile.totalDuration().plusSeconds(scenario.gracefulStopSeconds()))
                .assertions(
                        global().responseTime().percentile(95.0).lt(scenario.thresholds().p95Ms()),
                        global().responseTime().percentile(99.0).lt(scenario.thresholds().p99Ms()),
                        global().failedRequests().percent().lt(scenario.thresholds().errorRate() * 100));
    }

    private ClosedInjectionStep[] injectionSteps() {
        List<ClosedInjectionStep> steps = new ArrayList<>();
        int users = 0;
        for (Scenario.Stage stage : profile.stages()) {
            Duration length = stage.length();
            steps.add(stage.target() == users
                    ? constantConcurrentUsers(users).during(length)
                    : rampConcurrentUsers(users).to(stage.target()).during(length));
            users = stage.target();
        }
        return steps.toArray(ClosedInjectionStep[]::new);
    }

    private Session record(Session session) {
        Integer status = session.contains("status") ? session.getInt("status") : null;
        long now = System.currentTimeMillis();
        // Gatling's own timing when a response came; without one (refused, timed out), the elapsed time
        long latency = session.contains("latency") ? session.getLong("latency") : now - session.getLong("startedAt");
        String bodyStatus = session.contains("bodyStatus") ? session.getString("bodyStatus") : null;
        List<String> writes = session.contains("writes") ? session.getList("writes") : null;
        recorder.record(now, status, latency, bodyStatus, writes);
        return session;
    }

    /** The k6 setup(): the run starts only if the readiness endpoint answers 200. */
    @Override
    public void before() {
        URI readiness = URI.create(baseUrl + scenario.readinessPath());
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(readiness + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(readiness + " is not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void after() {
        recorder.writeResults(output, scenario.thresholds());
    }
}
