package io.loadproof.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.loadproof.lab.load.Scenario;

/** lab.sh's command line: the defaults, --target, and clear refusals. */
class LabOptionsTest {

    @Test
    void defaultsRunTheSmokeProfileOnThisMachine() {
        LabOptions options = LabOptions.parse();

        assertThat(options).isEqualTo(new LabOptions("smoke", Optional.empty(), Scenario.DEFAULT_FILE,
                Duration.ofSeconds(600), Optional.empty(), 0));
        assertThat(options.runDirectory(Path.of("/r")).toString()).startsWith("/r/target/lab/").endsWith("-smoke");
    }

    @Test
    void aTargetIsADeploymentUrlAndNamesTheReport() {
        LabOptions options = LabOptions.parse("--target", "http://assessment.local/", "--profile", "full",
                "--scenario", "s.json", "--drain-timeout", "30");

        assertThat(options.target()).contains("http://assessment.local");
        assertThat(options.scenarioFile()).isEqualTo(Path.of("s.json"));
        assertThat(options.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.runDirectory(Path.of("/r")).toString()).endsWith("-full-target");
    }

    @Test
    void aSlowMongoIsANumberOfDocumentsPerSecondForTheLabsOwnMongoOnly() {
        assertThat(LabOptions.parse("--mongo-docs-per-second", "5000", "--profile", "full").mongoDocsPerSecond()).isEqualTo(5000);
        assertThatThrownBy(() -> LabOptions.parse("--mongo-docs-per-second", "0"))
                .hasMessage("--mongo-docs-per-second needs a positive number of documents, not 0");
        assertThatThrownBy(() -> LabOptions.parse("--mongo-docs-per-second", "fast"))
                .hasMessageContaining("not fast");
        assertThatThrownBy(() -> LabOptions.parse("--mongo-docs-per-second", "5000", "--target", "http://assessment.local"))
                .hasMessage("--mongo-docs-per-second slows the lab's own MongoDB: not with --target");
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefusedClearly() {
        assertThatThrownBy(() -> LabOptions.parse("--users", "5")).hasMessage("unknown option --users");
        assertThatThrownBy(() -> LabOptions.parse("--target")).hasMessage("--target needs a value");
        assertThatThrownBy(() -> LabOptions.parse("--help")).hasMessage("");
    }
}
