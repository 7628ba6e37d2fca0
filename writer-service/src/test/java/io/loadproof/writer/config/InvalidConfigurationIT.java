package io.loadproof.writer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.loadproof.embedded.process.FreePorts;
import io.loadproof.writer.support.WriterProcess;

/**
 * The packaged writer refuses to start with a value that makes no sense, and says which
 * environment variable holds it, before it touches Redis or MongoDB (none listens here).
 */
class InvalidConfigurationIT {

    @Test
    void aBadValueStopsTheStartWithAMessageNamingTheVariable() throws Exception {
        String nowhere = "127.0.0.1:" + FreePorts.next();
        Map<String, String> environment = Map.of("REDIS_URL", "redis://" + nowhere, "MONGO_URI", "mongodb://" + nowhere,
                "BATCH_SIZE", "5000", "BATCH_TIMEOUT_MS", "-1");
        try (WriterProcess writer = WriterProcess.start("writer-it-invalid-config", environment, List.of("-Xmx128m"))) {
            assertThat(writer.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(writer.log())
                    .contains("writer.batch-size (BATCH_SIZE) must be between 5 and 1000")
                    .contains("writer.batch-timeout (BATCH_TIMEOUT_MS) must not be negative")
                    .doesNotContain("Writer starting");
        }
    }
}
