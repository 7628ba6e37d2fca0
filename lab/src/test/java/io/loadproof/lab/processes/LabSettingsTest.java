package io.loadproof.lab.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The lab's own defaults for the services, and the environment overriding each of them. */
class LabSettingsTest {

    private static final Path ROOT = Path.of(".");

    @Test
    void theApiGetsNoEntryCapAndTheLabsHeapUnlessTheEnvironmentSetsThem() {
        LabSettings defaults = LabSettings.fromEnvironment(Map.of(), ROOT, ROOT);
        assertThat(defaults.serviceEnvironment()).as("the API refuses by Redis memory, not at an entry count").isEmpty();
        assertThat(defaults.apiJavaOptions()).isEqualTo("-Xms1536m -Xmx1536m -Xmn1g -XX:+UseParallelGC");
        assertThat(defaults.mongoJavaOptions()).contains("-XX:MaxTenuringThreshold=0");
        assertThat(defaults.mongoDocsPerSecond()).isZero();

        LabSettings chosen = LabSettings.fromEnvironment(
                Map.of("MAX_QUEUE_SIZE", "5000", "API_JAVA_OPTS", "-Xmx2g", "MONGO_JAVA_OPTS", "-Xmx16g"), ROOT, ROOT);
        assertThat(chosen.serviceEnvironment()).containsExactly(Map.entry("MAX_QUEUE_SIZE", "5000"));
        assertThat(chosen.apiJavaOptions()).isEqualTo("-Xmx2g");
        assertThat(chosen.mongoJavaOptions()).isEqualTo("-Xmx16g");
        assertThat(chosen.withMongoDocsPerSecond(5000).mongoDocsPerSecond()).isEqualTo(5000);
    }

    /**
     * With MongoDB at 5,000 documents/s (1,000 requests/s drained) nearly all of a full run stays
     * queued: up to 16 million entries of about 170 bytes, plus the API's reserve of 256 MiB.
     */
    @Test
    void theLabsRedisHoldsAFullRunWithASlowMongoUnlessTheEnvironmentSaysOtherwise() {
        LabSettings defaults = LabSettings.fromEnvironment(Map.of(), ROOT, ROOT);
        assertThat(defaults.redisMaxmemory()).isEqualTo("3gb");
        long maxmemory = 3L << 30;
        assertThat(maxmemory).isGreaterThanOrEqualTo(16_000_000L * 170 + (256L << 20));
        assertThat(LabSettings.fromEnvironment(Map.of("LAB_REDIS_MAXMEMORY", "1gb"), ROOT, ROOT).redisMaxmemory())
                .isEqualTo("1gb");
    }
}
