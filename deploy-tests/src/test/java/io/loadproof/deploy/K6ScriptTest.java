package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * stress-test/stress-test.js. k6 cannot be installed here, so Node checks its syntax and then runs
 * it with k6's globals and recording stubs of k6's modules (src/test/node): the options it builds
 * from scenario.json, the requests it sends, how checks and metrics react to canned responses,
 * the readiness gate and banner of setup(), what it logs, and that k6's own summary is left alone.
 */
class K6ScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Repo.path("stress-test/stress-test.js");
    /** The check names of the original script: k6 users compare its summary lines with these. */
    private static final String SUCCESS_CHECKS = "status is 200, response has status field, response time < 2s";

    private static Path node;

    /** Per test, so that each one counts as skipped when node is missing. */
    @BeforeEach
    void findNode() {
        node = OptionalTool.NODE.require();
    }

    @Test
    void nodeAcceptsTheSyntaxAsAnEcmaScriptModule() throws IOException {
        Processes.Result result = checkSyntax(Files.readString(SCRIPT));
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /**
     * {@code node --check file.js} on Node 20 exits 0 for a file with import statements even when
     * it has a syntax error, so the check above feeds the source as a module on standard input;
     * this proves that it does catch errors.
     */
    @Test
    void theSyntaxCheckRejectsABrokenScript() throws IOException {
        String broken = Files.readString(SCRIPT).replace("export default function () {", "export default function ( {");
        assertThat(checkSyntax(broken).exitCode()).isNotZero();
    }

    @Test
    void thereIsNoThinkTime() throws IOException {
        String source = Files.readString(SCRIPT);
        assertThat(source).doesNotContainPattern("\\bsleep\\s*\\(").doesNotContainPattern("import\\s*\\{[^}]*\\bsleep\\b");
        JsonNode report = harness(Map.of());
        assertThat(report.get("sleeps")).isEmpty();
    }

    /**
     * Stages at the top of the options, as the original script has them: k6 runs them as its
     * default scenario (ramping-vus, gracefulStop 30 s) and its summary names it "default".
     */
    @Test
    void optionsComeFromTheScenarioFileForEveryProfile() throws Exception {
        JsonNode scenario = ScenarioFileTest.scenario();
        for (String profile : List.of("full", "lab", "smoke")) {
            JsonNode options = harness(Map.of("LOADPROOF_PROFILE", profile)).get("options");
            assertThat(options.path("stages")).as(profile + " stages").isEqualTo(scenario.path("profiles").path(profile).path("stages"));
            assertThat(options.has("scenarios")).as("no named scenario: k6's default one").isFalse();
            assertThat(options.has("executor") || options.has("gracefulStop")).as("nothing k6 does not read at the top").isFalse();
        }
        JsonNode byDefault = harness(Map.of()).get("options");
        assertThat(byDefault.path("stages")).isEqualTo(JSON.valueToTree(ScenarioFileTest.CONTRACT_STAGES));
    }

    /** k6's default scenario stops gracefully after 30 s and cannot be told otherwise: another value is refused. */
    @Test
    void aGracefulStopTheDefaultScenarioCannotHaveIsRefused() throws IOException {
        String other = Files.readString(Repo.path("stress-test/scenario.json")).replace("\"gracefulStopSeconds\": 30",
                "\"gracefulStopSeconds\": 45");
        assertThat(other).contains("45");
        assertThat(harness(Map.of(), other).get("loadError").asText()).contains("gracefulStopSeconds 45", "30 s");
    }

    /** Copied alone, the script stops at once and says which file it needs. */
    @Test
    void withoutScenarioJsonBesideItTheScriptSaysSo() {
        JsonNode report = harness(Map.of(), null);
        assertThat(report.get("loadError").asText()).contains("scenario.json", "copy stress-test/scenario.json beside the script");
    }

    @Test
    void theFourThresholdsAreTheContracts() {
        JsonNode thresholds = harness(Map.of()).get("options").get("thresholds");
        assertThat(thresholds).isEqualTo(JSON.valueToTree(Map.of(
                "http_req_duration", List.of("p(95)<2000", "p(99)<5000"),
                "http_req_failed", List.of("rate<0.01"),
                "error_rate", List.of("rate<0.01"))));
    }

    @Test
    void theFourCustomMetricsExist() {
        JsonNode metrics = harness(Map.of()).get("metrics");
        assertThat(metrics).isEqualTo(JSON.valueToTree(List.of(
                Map.of("type", "Rate", "name", "error_rate", "isTime", false),
                Map.of("type", "Trend", "name", "response_time_ms", "isTime", true),
                Map.of("type", "Counter", "name", "successful_requests", "isTime", false),
                Map.of("type", "Counter", "name", "failed_requests", "isTime", false))));
    }

    @Test
    void eachIterationGetsApiDataAsJsonWithATenSecondTimeout() {
        JsonNode iteration = harness(Map.of()).get("iterationSuccess");
        assertThat(iteration.get("requests")).hasSize(1);
        JsonNode request = iteration.get("requests").get(0);
        assertThat(request.get("method").asText()).isEqualTo("GET");
        assertThat(request.get("url").asText()).isEqualTo("http://assessment.local/api/data");
        assertThat(request.at("/params/headers/Accept").asText()).isEqualTo("application/json");
        assertThat(request.at("/params/timeout").asText()).isEqualTo("10s");

        JsonNode elsewhere = harness(Map.of("BASE_URL", "http://localhost:8000")).get("iterationSuccess");
        assertThat(elsewhere.at("/requests/0/url").asText()).isEqualTo("http://localhost:8000/api/data");
    }

    @Test
    void aFastSuccessCountsAsSuccessful() {
        JsonNode iteration = harness(Map.of()).get("iterationSuccess");
        assertThat(checkNames(iteration)).isEqualTo(SUCCESS_CHECKS);
        assertThat(iteration.at("/checks/0").toString()).doesNotContain("false");
        assertThat(samples(iteration)).containsExactly("response_time_ms=42", "error_rate=0", "successful_requests=1");
        assertThat(samples(harness(Map.of()).get("iterationJustUnderLimit"))).contains("error_rate=0");
    }

    @Test
    void slowWrongOrFailedResponsesAreErrors() {
        JsonNode report = harness(Map.of());
        for (String iteration : List.of("iterationAtLimit", "iterationServerError", "iterationNotSuccess",
                "iterationNotFound", "iterationNotJson", "iterationTimeout")) {
            JsonNode result = report.get(iteration);
            assertThat(result.get("ok").asBoolean()).as(iteration + " does not throw").isTrue();
            assertThat(samples(result)).as(iteration).contains("error_rate=1", "failed_requests=1")
                    .doesNotContain("successful_requests=1");
        }
    }

    @Test
    void eachCheckJudgesWhatItsNameSays() {
        JsonNode report = harness(Map.of());
        assertThat(failedChecks(report.get("iterationNotFound"))).containsExactly("status is 200");
        assertThat(failedChecks(report.get("iterationNotSuccess"))).containsExactly("response has status field");
        assertThat(failedChecks(report.get("iterationNotJson"))).containsExactly("response has status field");
        assertThat(failedChecks(report.get("iterationAtLimit"))).containsExactly("response time < 2s");
        assertThat(failedChecks(report.get("iterationTimeout")))
                .containsExactly("status is 200", "response has status field", "response time < 2s");
    }

    @Test
    void setupLetsTheRunStartOnlyWhenReadyzAnswers200() {
        JsonNode report = harness(Map.of());
        assertThat(report.at("/setupReady/ok").asBoolean()).isTrue();
        assertThat(report.at("/setupReady/requests/0/url").asText()).isEqualTo("http://assessment.local/readyz");
        assertThat(report.at("/setupReady/requests/0/params").isNull())
                .as("one GET with k6's default timeout (60 s), as the original waits, not the iterations' 10 s").isTrue();
        assertThat(logs(report.get("setupReady"))).last().asString()
                .contains("http://assessment.local/readyz answered 200", "starting the load");
        assertThat(String.join("\n", logs(report.get("setupNotReady")))).doesNotContain("starting the load");
        assertThat(report.at("/setupNotReady/ok").asBoolean()).isFalse();
        assertThat(report.at("/setupNotReady/error").asText()).contains("503");
        assertThat(report.at("/setupUnreachable/ok").asBoolean()).isFalse();
    }

    /** No handleSummary: it would replace k6's end-of-test summary (the check and threshold lines users report). */
    @Test
    void k6sOwnSummaryIsLeftAloneAndItsJsonExportDocumented() throws IOException {
        assertThat(harness(Map.of()).get("exports")).extracting(JsonNode::asText)
                .containsExactly("default", "options", "setup", "teardown");
        assertThat(Files.readString(SCRIPT)).contains("k6 run --summary-export k6-summary.json stress-test/stress-test.js");
    }

    /** The original's fields in its order (status, duration, body), on console.error as the original logs them. */
    @Test
    void withVerboseEachFailedRequestIsLoggedWithStatusDurationAndTheStartOfItsBody() {
        JsonNode report = harness(Map.of("VERBOSE", "true"));
        String serverError = logs(report.get("iterationServerError")).get(0);
        assertThat(serverError).containsSubsequence("status=503", "duration=5ms", "body={\"status\":\"error\",\"message\":\"queue full\"}");
        assertThat(report.at("/iterationServerError/logs").findValuesAsText("level")).containsExactly("error");
        assertThat(logs(report.get("iterationTimeout"))).singleElement().asString()
                .containsSubsequence("status=0", "request timeout", "duration=10000ms", "body=");
        assertThat(logs(report.get("iterationAtLimit"))).singleElement().asString().containsSubsequence("status=200", "duration=2000ms");
        String longBody = logs(report.get("iterationLongBody")).get(0);
        assertThat(longBody).contains("status=502", "<html>bad gateway bad gateway").hasSizeLessThan(300);
        assertThat(logs(report.get("iterationSuccess"))).as("successes are not logged").isEmpty();

        JsonNode quiet = harness(Map.of());
        for (String iteration : List.of("iterationServerError", "iterationTimeout", "iterationLongBody")) {
            assertThat(logs(quiet.get(iteration))).as(iteration + " without VERBOSE").isEmpty();
        }
    }

    @Test
    void setupPrintsTheTargetPeakUsersAndLength() {
        String full = String.join("\n", logs(harness(Map.of()).get("setupReady")));
        assertThat(full).contains("GET http://assessment.local/api/data", "peak 10000 VUs", "13m0s");
        String smoke = String.join("\n", logs(harness(Map.of("LOADPROOF_PROFILE", "smoke", "BASE_URL", "http://localhost:8000"))
                .get("setupReady")));
        assertThat(smoke).contains("GET http://localhost:8000/api/data", "peak 100 VUs", "30s");
    }

    @Test
    void teardownPointsAtThePodsAndTheirLogs() {
        String hints = String.join("\n", logs(harness(Map.of()).get("teardown")));
        assertThat(hints).contains("kubectl --context k3d-assessment -n assessment top pods",
                "kubectl --context k3d-assessment -n assessment logs -l app=api-service",
                "kubectl --context k3d-assessment -n assessment logs -l app=writer-service",
                "kubectl --context k3d-assessment -n assessment logs deploy/mongo");
    }

    /** PROFILE is a name shells and tools use for other things: the script must not pick it up. */
    @Test
    void theProfileIsChosenByLoadproofProfileOnly() {
        JsonNode stages = harness(Map.of("PROFILE", "smoke")).at("/options/stages");
        assertThat(stages).isEqualTo(JSON.valueToTree(ScenarioFileTest.CONTRACT_STAGES));
    }

    @Test
    void anUnknownProfileStopsTheScriptWithTheKnownOnes() {
        JsonNode report = harness(Map.of("LOADPROOF_PROFILE", "soak"));
        assertThat(report.get("loadError").asText()).contains("LOADPROOF_PROFILE=soak", "full", "lab", "smoke");
    }

    @Test
    void theQuickModeIsDocumented() throws IOException {
        assertThat(Files.readString(SCRIPT)).contains("k6 run --vus 100 --duration 30s stress-test/stress-test.js");
    }

    private static Processes.Result checkSyntax(String source) {
        return Processes.run(List.of(node.toString(), "--check", "--input-type=module"), Repo.root(), null, source,
                Duration.ofSeconds(30));
    }

    /** Runs the script under the harness, from a copy beside scenario.json marked as a module package. */
    private static JsonNode harness(Map<String, String> k6Environment) {
        try {
            return harness(k6Environment, Files.readString(Repo.path("stress-test/scenario.json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The same with {@code scenarioJson} as scenario.json beside the copy, or none when null. */
    private static JsonNode harness(Map<String, String> k6Environment, String scenarioJson) {
        try {
            Path copy = Files.createTempDirectory("k6-harness");
            Files.copy(SCRIPT, copy.resolve("stress-test.js"));
            if (scenarioJson != null) {
                Files.writeString(copy.resolve("scenario.json"), scenarioJson);
            }
            Files.writeString(copy.resolve("package.json"), "{\"type\":\"module\"}\n");
            Path harness = Repo.path("deploy-tests/src/test/node");
            Map<String, String> environment = new java.util.HashMap<>(System.getenv());
            environment.put("K6_ENV", JSON.writeValueAsString(k6Environment));
            Processes.Result result = Processes.run(List.of(node.toString(), "--import",
                    harness.resolve("register.mjs").toUri().toString(), harness.resolve("k6-harness.mjs").toString(),
                    copy.resolve("stress-test.js").toString()), copy, environment, null, Duration.ofSeconds(60));
            for (String file : List.of("stress-test.js", "scenario.json", "package.json")) {
                Files.deleteIfExists(copy.resolve(file));
            }
            Files.delete(copy);
            assertThat(result.exitCode()).as(result.describe()).isZero();
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String checkNames(JsonNode iteration) {
        List<String> names = new ArrayList<>();
        iteration.at("/checks/0").fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static List<String> failedChecks(JsonNode iteration) {
        List<String> failed = new ArrayList<>();
        iteration.at("/checks/0").fields().forEachRemaining(check -> {
            if (!check.getValue().asBoolean()) {
                failed.add(check.getKey());
            }
        });
        return failed;
    }

    private static List<String> logs(JsonNode exercise) {
        List<String> lines = new ArrayList<>();
        exercise.get("logs").forEach(entry -> lines.add(entry.get("message").asText()));
        return lines;
    }

    private static List<String> samples(JsonNode iteration) {
        List<String> samples = new ArrayList<>();
        for (JsonNode sample : iteration.get("samples")) {
            samples.add(sample.get("name").asText() + "=" + sample.get("value").asText());
        }
        return samples;
    }
}
