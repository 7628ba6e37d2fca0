package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Evaluates the NetworkPolicies as a CNI would for ingress, for a set of would-be clients, and
 * checks who reaches what: only the API and the writer reach Redis and MongoDB, only Traefik
 * (and Prometheus) reaches the API, nothing reaches the writer but Prometheus.
 */
class NetworkPolicyTest {

    /** A pod that might open a connection: its namespace, the namespace's labels, its labels. */
    record Client(String name, String namespace, Map<String, String> podLabels) {

        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    private static final Map<String, Client> CLIENTS = clients();

    private final List<NetworkPolicy> policies = Manifests.applied(NetworkPolicy.class);

    @Test
    void everyPodIsIsolatedByADefaultDenyIngressPolicy() {
        assertThat(policies).anySatisfy(policy -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
        });
        for (NetworkPolicy policy : policies) {
            assertThat(policy.getSpec().getPolicyTypes()).as(policy.getMetadata().getName() + " declares its types")
                    .contains("Ingress");
        }
    }

    @Test
    void onlyTheApiAndTheWriterReachRedis() {
        assertThat(clientsReaching("redis", 6379)).containsExactly("api-service", "writer-service");
    }

    @Test
    void onlyTheApiAndTheWriterReachMongoDb() {
        assertThat(clientsReaching("mongo", 27017)).containsExactly("api-service", "writer-service");
    }

    @Test
    void fromOutsideOnlyTraefikReachesTheApi() {
        assertThat(clientsReaching("api-service", 8000)).containsExactly("prometheus", "traefik");
    }

    @Test
    void nothingButPrometheusReachesTheWriter() {
        assertThat(clientsReaching("writer-service", 8001)).containsExactly("prometheus");
    }

    @Test
    void openPortsAreOnlyTheServicePorts() {
        for (String destination : List.of("redis", "mongo", "api-service", "writer-service")) {
            assertThat(clientsReaching(destination, 22)).as("port 22 of " + destination).isEmpty();
        }
        assertThat(clientsReaching("redis", 8000)).isEmpty();
    }

    @Test
    void theEvaluatorItselfLetsEverythingThroughWithoutPolicies() {
        assertThat(allowed(List.of(), CLIENTS.get("stranger"), Manifests.podLabels("redis"), 6379)).isTrue();
    }

    private Set<String> clientsReaching(String deployment, int port) {
        Map<String, String> labels = Manifests.podLabels(deployment);
        Set<String> reaching = new TreeSet<>();
        for (Client client : CLIENTS.values()) {
            if (!client.name().equals(deployment) && allowed(policies, client, labels, port)) {
                reaching.add(client.name());
            }
        }
        return reaching;
    }

    /** Kubernetes NetworkPolicy ingress semantics for a destination pod in our namespace. */
    static boolean allowed(List<NetworkPolicy> policies, Client client, Map<String, String> destination, int port) {
        List<NetworkPolicy> isolating = policies.stream()
                .filter(policy -> policy.getSpec().getPolicyTypes() == null || policy.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(policy -> K8s.matches(policy.getSpec().getPodSelector(), destination))
                .toList();
        if (isolating.isEmpty()) {
            return true;
        }
        for (NetworkPolicy policy : isolating) {
            for (NetworkPolicyIngressRule rule : nullToEmpty(policy.getSpec().getIngress())) {
                if (fromMatches(policy, rule.getFrom(), client) && portMatches(rule.getPorts(), port)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean fromMatches(NetworkPolicy policy, List<NetworkPolicyPeer> peers, Client client) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() != null
                    ? K8s.matches(peer.getNamespaceSelector(), client.namespaceLabels())
                    : client.namespace().equals(policy.getMetadata().getNamespace());
            boolean podOk = peer.getPodSelector() == null || K8s.matches(peer.getPodSelector(), client.podLabels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(List<NetworkPolicyPort> ports, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort candidate : ports) {
            IntOrString number = candidate.getPort();
            assertThat(number.getIntVal()).as("policies name ports by number").isNotNull();
            boolean tcp = candidate.getProtocol() == null || candidate.getProtocol().equals("TCP");
            int end = candidate.getEndPort() != null ? candidate.getEndPort() : number.getIntVal();
            if (tcp && port >= number.getIntVal() && port <= end) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, Client> clients() {
        Map<String, Client> clients = new LinkedHashMap<>();
        for (String deployment : List.of("api-service", "writer-service", "redis", "mongo")) {
            clients.put(deployment, new Client(deployment, Manifests.NAMESPACE, Manifests.podLabels(deployment)));
        }
        clients.put("debug-pod", new Client("debug-pod", Manifests.NAMESPACE, Map.of("run", "debug")));
        clients.put("traefik", new Client("traefik", "kube-system",
                Map.of("app.kubernetes.io/name", "traefik", "app.kubernetes.io/instance", "traefik-kube-system")));
        clients.put("coredns", new Client("coredns", "kube-system", Map.of("k8s-app", "kube-dns")));
        // The Prometheus of setup.sh --monitoring, as k8s/monitoring/prometheus.yaml labels its pod.
        Deployment prometheus = MonitoringFilesTest.deployment("prometheus");
        clients.put("prometheus", new Client("prometheus", prometheus.getMetadata().getNamespace(),
                prometheus.getSpec().getTemplate().getMetadata().getLabels()));
        clients.put("stranger", new Client("stranger", "default", Map.of("app", "api-service")));
        return clients;
    }
}
