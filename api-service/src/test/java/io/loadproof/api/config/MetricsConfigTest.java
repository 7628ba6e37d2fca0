package io.loadproof.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import io.loadproof.api.http.AdminResource;
import io.loadproof.api.http.DataResource;
import io.loadproof.api.http.ProbeResource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/** The request metrics keep their tags bounded, and the list of known paths follows the endpoints. */
class MetricsConfigTest {

    private final MeterFilter filter = new MetricsConfig().boundedRequestTags();

    @Test
    void everyEndpointPathIsAKnownUri() {
        List<String> paths = new ArrayList<>();
        for (Class<?> resource : List.of(ProbeResource.class, DataResource.class, AdminResource.class)) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                Path path = method.getAnnotation(Path.class);
                if (path != null) {
                    paths.add(("/" + base + "/" + path.value()).replaceAll("/+", "/"));
                }
            }
        }
        assertThat(paths).hasSize(6);
        assertThat(MetricsConfig.KNOWN_URIS).containsAll(paths);
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
