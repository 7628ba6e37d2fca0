package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * What http://assessment.local/ lets in: the paths the judge and users call, and nothing of
 * Quarkus' own endpoints. Requests are matched as k3d's Traefik matches the Ingress' paths (Exact
 * is Path, Prefix is PathPrefix: a plain string prefix, which lets in at least what Kubernetes'
 * element-wise Prefix would).
 */
class IngressTest {

    private static List<HTTPIngressPath> paths() {
        Ingress ingress = Manifests.named(Ingress.class, WiringTest.API);
        return ingress.getSpec().getRules().get(0).getHttp().getPaths();
    }

    /** True when a path of the Ingress takes {@code requestPath}. */
    static boolean routed(List<HTTPIngressPath> paths, String requestPath) {
        for (HTTPIngressPath path : paths) {
            boolean matches = switch (path.getPathType()) {
                case "Exact" -> requestPath.equals(path.getPath());
                case "Prefix", "ImplementationSpecific" -> requestPath.startsWith(path.getPath());
                default -> throw new AssertionError("unknown pathType " + path.getPathType());
            };
            if (matches) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/data", "/api/stats", "/api/queue", "/api/admin/cache/flush", "/healthz", "/readyz" })
    void whatTheJudgeAndUsersCallIsRouted(String path) {
        assertThat(routed(paths(), path)).as(path).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi", "/q/dev",
            "/metrics", "/healthz/extra", "/readyz/" })
    void quarkusOwnEndpointsAndOtherPathsAreNot(String path) {
        assertThat(routed(paths(), path)).as(path).isFalse();
    }

    /** The matcher above must tell a catch-all Ingress (the original's path / Prefix) from ours. */
    @Test
    void theMatcherSeesThatACatchAllPrefixLetsMetricsOut() {
        HTTPIngressPath everything = new HTTPIngressPath();
        everything.setPath("/");
        everything.setPathType("Prefix");
        assertThat(routed(List.of(everything), "/q/metrics")).isTrue();
    }

    /** Off the ingress, metrics are still for Prometheus inside the cluster: annotated and on a declared port. */
    @Test
    void metricsStayScrapableInsideTheCluster() {
        Map<String, String> annotations = Manifests.deployment(WiringTest.API).getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics");
        assertThat(K8s.containerPort(Manifests.container(WiringTest.API), new IntOrString(
                Integer.parseInt(annotations.get("prometheus.io/port"))))).isPresent();
    }
}
