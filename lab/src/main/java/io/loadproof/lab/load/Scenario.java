package io.loadproof.lab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stress scenario of {@code stress-test/scenario.json}: the one file that both the k6 script
 * and the Gatling simulation read, so their stages and thresholds never drift apart.
 */
public record Scenario(
        String endpoint,
        String readinessPath,
        int requestTimeoutSeconds,
        int gracefulStopSeconds,
        int maxCheckDurationMs,
        Thresholds thresholds,
        String defaultProfile,
        Map<String, Profile> profiles) {

    public static final Path DEFAULT_FILE = Path.of("stress-test", "scenario.json");

    public record Thresholds(int p95Ms, int p99Ms, double httpReqFailedRate, double errorRate) {
    }

    public record Profile(List<Stage> stages) {

        public Duration totalDuration() {
            return stages.stream().map(Stage::length).reduce(Duration.ZERO, Duration::plus);
        }

        public int peakUsers() {
            return stages.stream().mapToInt(Stage::target).max().orElse(0);
        }
    }

    /** A k6 stage: move linearly from the previous stage's target to this one's over the duration. */
    public record Stage(String duration, int target) {

        private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

        public Duration length() {
            Matcher matcher = DURATION.matcher(duration);
            if (duration.isEmpty() || !matcher.matches()) {
                throw new IllegalArgumentException("stage duration '" + duration + "' is not like 1h2m3s");
            }
            return Duration.ofHours(group(matcher, 1)).plusMinutes(group(matcher, 2)).plusSeconds(group(matcher, 3));
        }

        private static long group(Matcher matcher, int group) {
            return matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group));
        }
    }

    public static Scenario read(Path file) {
        try {
            return new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(file.toFile(), Scenario.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario " + file, e);
        }
    }

    public Profile profile(String name) {
        Profile profile = profiles.get(name == null || name.isBlank() ? defaultProfile : name);
        if (profile == null) {
            throw new IllegalArgumentException("no profile '" + name + "' in the scenario; there are " + profiles.keySet());
        }
        return profile;
    }
}
