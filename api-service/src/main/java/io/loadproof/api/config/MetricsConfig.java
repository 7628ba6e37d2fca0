package io.loadproof.api.config;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Publishes the HTTP request latency as a histogram, so p95/p99 can be computed across pods, and
 * keeps the tags of the request metrics to a bounded set whatever clients send.
 */
public class MetricsConfig {

    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "TRACE", "CONNECT");

    /** The paths of the JAX-RS resources; MetricsConfigTest scans them and pins this list to them exactly. */
    static final Set<String> ENDPOINT_PATHS = Set.of("/healthz", "/readyz", "/api/data", "/api/stats", "/api/queue",
            "/api/admin/cache/flush");

    /** Quarkus' own routes, and the values the HTTP binder uses for requests that match none. */
    static final Set<String> OTHER_URIS = Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
            "/q/metrics", "root", "NOT_FOUND", "REDIRECTION", "UNKNOWN");

    static final Set<String> KNOWN_URIS = Stream.concat(ENDPOINT_PATHS.stream(), OTHER_URIS.stream())
            .collect(Collectors.toUnmodifiableSet());

    /** Not for client errors: their latency says nothing about the service, and junk then adds 3 series, not 72. */
    @Produces
    @Singleton
    public MeterFilter requestLatencyHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String status = id.getTag("status");
                if (id.getName().startsWith(HTTP_SERVER_REQUESTS) && (status == null || !status.startsWith("4"))) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
                }
                return config;
            }
        };
    }

    /**
     * The client chooses the method and, for a request refused before routing (400, 413, 414, 431,
     * 505) or an endpoint's error, the path the binder tags ({@code FOO /x1%ZZ}, {@code POST /api/%64ata}).
     * Each new pair would add a histogram of 72 series to {@code /q/metrics}; anything but a standard
     * method or a known path is counted as {@code OTHER} / {@code UNKNOWN}.
     */
    @Produces
    @Singleton
    public MeterFilter boundedRequestTags() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith(HTTP_SERVER_REQUESTS)) {
                    return id;
                }
                Meter.Id bounded = id;
                String method = id.getTag("method");
                if (method != null && !STANDARD_METHODS.contains(method)) {
                    bounded = bounded.withTag(Tag.of("method", "OTHER"));
                }
                String uri = id.getTag("uri");
                if (uri != null && !KNOWN_URIS.contains(uri)) {
                    bounded = bounded.withTag(Tag.of("uri", "UNKNOWN"));
                }
                return bounded;
            }
        };
    }
}
