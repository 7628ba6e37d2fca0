package io.loadproof.lab.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The lab's own defaults for the services, and the environment overriding each of them. */
class LabSettingsTest {

    private static final Path ROOT = Path.of(".");

    @Test
    void theApiGetsTheLabsQueueSizeAndHeapUnlessTheEnvironmentSetsThem() {
        LabSettings defaults = LabSettings.fromEnvironment(Map.of(), ROOT, ROOT);
        assertThat(defaults.serviceEnvironment()).containsExactly(Map.entry("MAX_QUEUE_SIZE", "2000000"));
        assertThat(defaults.apiJavaOptions()).isEqualTo("-Xms1536m -Xmx1536m -Xmn1g -XX:+UseParallelGC");
        assertThat(defaults.mongoJavaOptions()).contains("-XX:MaxTenuringThreshold=0");

        LabSettings chosen = LabSettings.fromEnvironment(
                Map.of("MAX_QUEUE_SIZE", "5000", "API_JAVA_OPTS", "-Xmx2g", "MONGO_JAVA_OPTS", "-Xmx16g"), ROOT, ROOT);
        assertThat(chosen.serviceEnvironment()).containsExactly(Map.entry("MAX_QUEUE_SIZE", "5000"));
        assertThat(chosen.apiJavaOptions()).isEqualTo("-Xmx2g");
        assertThat(chosen.mongoJavaOptions()).isEqualTo("-Xmx16g");
    }
}
