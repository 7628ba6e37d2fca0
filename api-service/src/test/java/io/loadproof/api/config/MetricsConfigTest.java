package io.loadproof.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/** The request metrics keep their tags bounded, and the list of known paths follows the endpoints. */
class MetricsConfigTest {

    private final MeterFilter filter = new MetricsConfig().boundedRequestTags();

    /** Every resource class of the service, found on disk, not listed here: a new one cannot be missed. */
    @Test
    void theEndpointPathsAreExactlyThoseOfTheResources() throws Exception {
        Set<String> paths = new HashSet<>();
        for (Class<?> resource : resourceClasses()) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                Path path = method.getAnnotation(Path.class);
                if (path != null) {
                    paths.add(("/" + base + "/" + path.value()).replaceAll("/+", "/"));
                }
            }
        }
        assertThat(paths).contains("/api/data", "/readyz");
        assertThat(MetricsConfig.ENDPOINT_PATHS).isEqualTo(paths);
        assertThat(MetricsConfig.KNOWN_URIS).containsAll(paths).containsAll(MetricsConfig.OTHER_URIS);
    }

    private static List<Class<?>> resourceClasses() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(MetricsConfig.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(name -> name.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, MetricsConfig.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
        }
        assertThat(resources).as("resource classes under " + classes).hasSizeGreaterThanOrEqualTo(3);
        return resources;
    }

    @Test
    void inventedMethodsAndPathsAreFolded() {
        Meter.Id mapped = filter.map(request("FOO", "/x1%ZZ"));

        assertThat(mapped.getTag("method")).isEqualTo("OTHER");
        assertThat(mapped.getTag("uri")).isEqualTo("UNKNOWN");
        assertThat(mapped.getTag("status")).isEqualTo("400");
        assertThat(mapped.getTags()).hasSize(4);
    }

    @Test
    void standardMethodsAndKnownPathsAreKept() {
        Meter.Id id = request("GET", "/api/data");

        assertThat(filter.map(id)).isEqualTo(id);
        assertThat(filter.map(request("get", "/api/%64ata")).getTag("method")).isEqualTo("OTHER");
    }

    @Test
    void onlyAnswersOtherThanClientErrorsGetALatencyHistogram() {
        MeterFilter histogram = new MetricsConfig().requestLatencyHistogram();

        assertThat(histogram.configure(request("GET", "/api/data").withTag(Tag.of("status", "200")),
                DistributionStatisticConfig.NONE).isPercentileHistogram()).isTrue();
        assertThat(histogram.configure(request("GET", "/api/data").withTag(Tag.of("status", "503")),
                DistributionStatisticConfig.NONE).isPercentileHistogram()).isTrue();
        assertThat(histogram.configure(request("GET", "/api/data"), DistributionStatisticConfig.NONE)
                .isPercentileHistogram()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void otherMetersAreLeftAlone() {
        Meter.Id id = new Meter.Id("api.queue.rejections", Tags.of("method", "FOO", "uri", "/x"), null, null, Meter.Type.COUNTER);

        assertThat(filter.map(id)).isEqualTo(id);
    }

    private static Meter.Id request(String method, String uri) {
        Tags tags = Tags.of("method", method, "uri", uri, "status", "400", "outcome", "CLIENT_ERROR");
        return new Meter.Id("http.server.requests", tags, null, null, Meter.Type.TIMER);
    }
}
