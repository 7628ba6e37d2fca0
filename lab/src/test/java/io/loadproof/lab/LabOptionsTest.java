package io.loadproof.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.loadproof.lab.load.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** lab.sh's command line: the defaults, --target, and clear refusals. */
class LabOptionsTest {

    @Test
    void defaultsRunTheSmokeProfileOnThisMachine() {
        LabOptions options = LabOptions.parse();

        assertThat(options.profile).isEqualTo("smoke");
        assertThat(options.output).isEmpty();
        assertThat(options.scenarioFile).isEqualTo(Scenario.DEFAULT_FILE);
        assertThat(options.drainTimeout).isEqualTo(Duration.ofSeconds(600));
        assertThat(options.target).isEmpty();
        assertThat(options.mongoDocsPerSecond).isZero();
        assertThat(options.runDirectory(Path.of("/r")).toString()).startsWith("/r/target/lab/").endsWith("-smoke");
    }

    @Test
    void aTargetIsADeploymentUrlAndNamesTheReport() {
        LabOptions options = LabOptions.parse("--target", "http://assessment.local/", "--profile", "full",
                "--scenario", "s.json", "--drain-timeout", "30", "--output", "out");

        assertThat(options.target).contains("http://assessment.local");
        assertThat(options.scenarioFile).isEqualTo(Path.of("s.json"));
        assertThat(options.drainTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.output).contains(Path.of("out"));
        assertThat(LabOptions.parse("--target", "http://assessment.local", "--profile", "full").runDirectory(Path.of("/r")).toString())
                .endsWith("-full-target");
    }

    @Test
    void aSlowMongoIsANumberOfDocumentsPerSecondForTheLabsOwnMongoOnly() {
        assertThat(LabOptions.parse("--mongo-docs-per-second", "5000", "--profile", "full").mongoDocsPerSecond).isEqualTo(5000);
        assertThatThrownBy(() -> LabOptions.parse("--mongo-docs-per-second", "0"))
                .hasMessageContaining("--mongo-docs-per-second").hasMessageEndingWith("needs a positive number of documents, not 0");
        assertThatThrownBy(() -> LabOptions.parse("--mongo-docs-per-second", "fast")).hasMessageContaining("not fast");
        assertThatThrownBy(() -> LabOptions.parse("--mongo-docs-per-second", "5000", "--target", "http://assessment.local"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--mongo-docs-per-second slows the lab's own MongoDB: not with --target");
    }

    @Test
    void theRedisIsOneServerUnlessSentinelsAreAskedForOnTheLabsOwnPlatform() {
        assertThat(LabOptions.parse().redis).isEqualTo(LabOptions.RedisTopology.standalone);
        assertThat(LabOptions.parse("--redis", "sentinel").redis).isEqualTo(LabOptions.RedisTopology.sentinel);
        assertThatThrownBy(() -> LabOptions.parse("--redis", "cluster")).hasMessageContaining("--redis");
        assertThatThrownBy(() -> LabOptions.parse("--redis", "sentinel", "--target", "http://assessment.local"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--redis sentinel starts the lab's own Redis: not with --target");
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefusedClearly() {
        assertThatThrownBy(() -> LabOptions.parse("--users", "5")).isInstanceOf(ParameterException.class).hasMessageContaining("'--users'");
        assertThatThrownBy(() -> LabOptions.parse("--target")).hasMessageContaining("Missing required parameter for option '--target'");
        assertThatThrownBy(() -> LabOptions.parse("--drain-timeout", "soon")).hasMessageContaining("'soon'");
    }

    /** lab.sh's exit codes: 0 after --help, 2 with the error and the usage for a bad command line; nothing is started. */
    @Test
    void helpExitsZeroAndABadCommandLineExitsTwoWithTheUsage() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine lab = Lab.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        assertThat(lab.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: lab.sh", "--profile smoke|lab|full", "--mongo-docs-per-second N",
                "--drain-timeout SECONDS", "(default: 600)", "MONGO_IOPS");

        assertThat(lab.execute("--profile")).isEqualTo(2);
        assertThat(lab.execute("--mongo-docs-per-second", "10", "--target", "http://assessment.local")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter for option '--profile'",
                "not with --target", "Usage: lab.sh");
    }
}
