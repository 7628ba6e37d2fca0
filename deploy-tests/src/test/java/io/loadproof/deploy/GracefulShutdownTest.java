package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * An API pod told to stop keeps answering until the ingress has stopped sending it requests: the
 * api-service waits quarkus.shutdown.delay (its /readyz answering 503 meanwhile), then lets the
 * requests in flight finish within quarkus.shutdown.timeout. The manifest must give it that long
 * before the kill, and probe readiness often enough to notice within the delay.
 */
class GracefulShutdownTest {

    /** After the timeout the process still has to stop its pools and exit. */
    static final Duration EXIT_MARGIN = Duration.ofSeconds(5);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)(?::([^}]*))?}");

    private final Properties api = properties("api-service/src/main/resources/application.properties");
    private final Container container = Manifests.container(WiringTest.API);

    @Test
    void theGracePeriodCoversTheDelayTheTimeoutAndTheExit() {
        Duration timeout = duration(api.getProperty("quarkus.shutdown.timeout"));
        Duration delay = delay();
        long grace = Manifests.deployment(WiringTest.API).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds >= delay " + delay + " + timeout " + timeout
                + " + " + EXIT_MARGIN).isGreaterThanOrEqualTo(delay.plus(timeout).plus(EXIT_MARGIN));
    }

    @Test
    void thePodsGetADelayLongEnoughForTraefikToDropThem() {
        assertThat(delay()).as("SHUTDOWN_DELAY of the API pods").isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readinessFailsWithinTheDelaySoTheIngressStopsSendingFirst() {
        Probe readiness = container.getReadinessProbe();
        Duration noticed = Duration.ofSeconds((long) readiness.getPeriodSeconds() * readiness.getFailureThreshold());
        assertThat(noticed).as("period x failureThreshold of the readiness probe, within the delay").isLessThanOrEqualTo(delay());
        assertThat(readiness.getTimeoutSeconds()).as("a probe ends before the next one starts")
                .isLessThanOrEqualTo(readiness.getPeriodSeconds());
    }

    /** The delay the pod gets: the manifest's SHUTDOWN_DELAY if it sets one, else the properties' default. */
    private Duration delay() {
        String configured = api.getProperty("quarkus.shutdown.delay");
        assertThat(api.getProperty("quarkus.shutdown.delay-enabled")).as("the api-service is built with a shutdown delay")
                .isEqualTo("true");
        assertThat(configured).as("quarkus.shutdown.delay").isNotNull();
        Matcher placeholder = PLACEHOLDER.matcher(configured.trim());
        if (placeholder.matches()) {
            String fromManifest = container.getEnv().stream().filter(env -> env.getName().equals(placeholder.group(1)))
                    .map(EnvVar::getValue).findFirst().orElse(null);
            return duration(fromManifest != null ? fromManifest : placeholder.group(2));
        }
        return duration(configured);
    }

    /** A Quarkus duration: 10s, 500ms, 1m, PT5S, or a number of seconds. */
    static Duration duration(String text) {
        assertThat(text).as("a duration").isNotBlank();
        String value = text.trim();
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(value);
        assertThat(matcher.matches()).as("a Quarkus duration: " + value).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    @Test
    void durationsReadAsQuarkusReadsThem() {
        assertThat(duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(duration("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(duration("7")).isEqualTo(Duration.ofSeconds(7));
    }

    private static Properties properties(String file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
