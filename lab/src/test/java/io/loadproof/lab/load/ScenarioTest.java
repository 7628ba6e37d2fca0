package io.loadproof.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The scenario file the Gatling simulation reads is the contract's k6 scenario. */
class ScenarioTest {

    private final Scenario scenario = Scenario.read(Path.of("..").resolve(Scenario.DEFAULT_FILE));

    @Test
    void fullProfileIsTheOriginalThirteenMinutes() {
        Scenario.Profile full = scenario.profile("full");

        assertThat(full.stages()).extracting(Scenario.Stage::target).containsExactly(1000, 5000, 10000, 10000, 0);
        assertThat(full.stages()).extracting(Scenario.Stage::length).containsExactly(Duration.ofMinutes(1),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(2));
        assertThat(full.totalDuration()).isEqualTo(Duration.ofMinutes(13));
        assertThat(scenario.defaultProfile()).isEqualTo("full");
    }

    @Test
    void thresholdsChecksAndTimeoutsAreTheContracts() {
        assertThat(scenario.thresholds()).isEqualTo(new Scenario.Thresholds(2000, 5000, 0.01, 0.01));
        assertThat(scenario.maxCheckDurationMs()).isEqualTo(2000);
        assertThat(scenario.requestTimeoutSeconds()).isEqualTo(10);
        assertThat(scenario.gracefulStopSeconds()).isEqualTo(30);
        assertThat(scenario.endpoint()).isEqualTo("/api/data");
        assertThat(scenario.readinessPath()).isEqualTo("/readyz");
    }

    @Test
    void labAndSmokeProfilesPeakAsDocumented() {
        assertThat(scenario.profile("lab").peakUsers()).isEqualTo(10_000);
        assertThat(scenario.profile("lab").totalDuration()).isEqualTo(Duration.ofSeconds(270));
        assertThat(scenario.profile("smoke").peakUsers()).isEqualTo(100);
        assertThat(scenario.profile("smoke").totalDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void unknownProfilesAndDurationsAreRejectedClearly() {
        assertThatThrownBy(() -> scenario.profile("nope")).hasMessageContaining("no profile 'nope'");
        assertThatThrownBy(() -> new Scenario.Stage("10 minutes", 1).length()).hasMessageContaining("1h2m3s");
        assertThat(new Scenario.Stage("1h2m3s", 1).length()).isEqualTo(Duration.ofSeconds(3723));
    }
}
