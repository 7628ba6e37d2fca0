package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * stress-test/scenario.json: the one file of stages and thresholds that the k6 script and the
 * lab's Gatling simulation both read. Its shape is fixed (others parse it), and its full profile
 * is the contract's original scenario.
 */
class ScenarioFileTest {

    record Stage(String duration, int target) {
    }

    /** The contract: 1 min to 1,000 VUs, 2 min to 5,000, 3 min to 10,000, 5 min hold, 2 min to 0. */
    static final List<Stage> CONTRACT_STAGES = List.of(
            new Stage("1m", 1000), new Stage("2m", 5000), new Stage("3m", 10000), new Stage("5m", 10000), new Stage("2m", 0));

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?");

    static JsonNode scenario() throws Exception {
        return new ObjectMapper().readTree(Repo.path("stress-test/scenario.json").toFile());
    }

    static List<Stage> stages(JsonNode scenario, String profile) {
        List<Stage> stages = new ArrayList<>();
        for (JsonNode stage : scenario.path("profiles").path(profile).path("stages")) {
            assertThat(stage.fieldNames()).toIterable().containsExactlyInAnyOrder("duration", "target");
            stages.add(new Stage(stage.get("duration").asText(), stage.get("target").asInt()));
        }
        return stages;
    }

    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text);
        assertThat(text).as("a k6 duration such as 1m, 30s or 1m30s").isNotEmpty();
        assertThat(matcher.matches()).as("k6 duration " + text).isTrue();
        long hours = matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1));
        long minutes = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
        long seconds = matcher.group(3) == null ? 0 : Long.parseLong(matcher.group(3));
        return Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    }

    @Test
    void theShapeIsTheAgreedOne() throws Exception {
        JsonNode scenario = scenario();
        assertThat(scenario.fieldNames()).toIterable().containsExactly("endpoint", "readinessPath", "requestTimeoutSeconds",
                "gracefulStopSeconds", "maxCheckDurationMs", "thresholds", "defaultProfile", "profiles");
        assertThat(scenario.path("thresholds").fieldNames()).toIterable()
                .containsExactly("p95Ms", "p99Ms", "httpReqFailedRate", "errorRate");
        assertThat(scenario.path("profiles").fieldNames()).toIterable().containsExactly("full", "lab", "smoke");
        for (JsonNode profile : scenario.path("profiles")) {
            assertThat(profile.fieldNames()).toIterable().containsExactly("stages");
        }
    }

    @Test
    void theRequestAndItsLimitsAreTheContracts() throws Exception {
        JsonNode scenario = scenario();
        assertThat(scenario.get("endpoint").asText()).isEqualTo("/api/data");
        assertThat(scenario.get("readinessPath").asText()).isEqualTo("/readyz");
        assertThat(scenario.get("requestTimeoutSeconds").asInt()).isEqualTo(10);
        assertThat(scenario.get("gracefulStopSeconds").asInt()).isEqualTo(30);
        assertThat(scenario.get("maxCheckDurationMs").asInt()).isEqualTo(2000);
        JsonNode thresholds = scenario.get("thresholds");
        assertThat(thresholds.get("p95Ms").asInt()).isEqualTo(2000);
        assertThat(thresholds.get("p99Ms").asInt()).isEqualTo(5000);
        assertThat(thresholds.get("httpReqFailedRate").asDouble()).isEqualTo(0.01);
        assertThat(thresholds.get("errorRate").asDouble()).isEqualTo(0.01);
        assertThat(WiringTest.SERVED_PATHS.get(WiringTest.API))
                .contains(scenario.get("endpoint").asText(), scenario.get("readinessPath").asText());
    }

    @Test
    void theFullProfileIsTheOriginalThirteenMinutesAndTheDefault() throws Exception {
        JsonNode scenario = scenario();
        assertThat(scenario.get("defaultProfile").asText()).isEqualTo("full");
        List<Stage> full = stages(scenario, "full");
        assertThat(full).isEqualTo(CONTRACT_STAGES);
        assertThat(full.stream().map(stage -> duration(stage.duration())).reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofMinutes(13));
    }

    @Test
    void theLabAndSmokeProfilesAreTheIssuesOnes() throws Exception {
        JsonNode scenario = scenario();
        assertThat(stages(scenario, "lab"))
                .containsExactly(new Stage("1m", 10000), new Stage("3m", 10000), new Stage("30s", 0));
        assertThat(stages(scenario, "smoke"))
                .containsExactly(new Stage("5s", 100), new Stage("20s", 100), new Stage("5s", 0));
    }

    @Test
    void everyProfileRampsBackToZeroWithValidDurations() throws Exception {
        JsonNode scenario = scenario();
        scenario.path("profiles").fieldNames().forEachRemaining(profile -> {
            List<Stage> stages = stages(scenario, profile);
            assertThat(stages).as(profile).isNotEmpty();
            assertThat(stages.get(stages.size() - 1).target()).as(profile + " ends at 0 VUs").isZero();
            stages.forEach(stage -> {
                assertThat(duration(stage.duration())).as(profile + " " + stage).isPositive();
                assertThat(stage.target()).isNotNegative();
            });
        });
        assertThat(duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
    }
}
