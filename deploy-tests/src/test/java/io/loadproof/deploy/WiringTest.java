package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.loadproof.model.EnvironmentVariable;

/** The facts that span manifests: labels, ports, probes, environment, secrets, images. */
class WiringTest {

    static final String API = "api-service";
    static final String WRITER = "writer-service";

    /** What each of our services serves (see the services' endpoint tables). */
    static final Map<String, Set<String>> SERVED_PATHS = Map.of(
            API, Set.of("/healthz", "/readyz", "/api/data", "/api/stats", "/api/queue", "/api/admin/cache/flush",
                    "/q/health", "/q/health/live", "/q/health/ready", "/q/metrics"),
            WRITER, Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics"));

    /** The environment names each service reads. */
    static final Map<String, Set<String>> READ_NAMES = Map.of(
            API, union(EnvironmentVariable.SHARED, EnvironmentVariable.API_SERVICE),
            WRITER, union(EnvironmentVariable.SHARED, EnvironmentVariable.WRITER_SERVICE));

    @Test
    void everyDeploymentSelectsItsOwnPods() {
        for (Deployment deployment : Manifests.applied(Deployment.class)) {
            assertThat(K8s.matches(deployment.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .as(deployment.getMetadata().getName() + ": selector matches the pod template's labels").isTrue();
            for (Deployment other : Manifests.applied(Deployment.class)) {
                if (other != deployment) {
                    assertThat(K8s.matches(deployment.getSpec().getSelector(), other.getSpec().getTemplate().getMetadata().getLabels()))
                            .as(deployment.getMetadata().getName() + "'s selector must not match " + other.getMetadata().getName() + "'s pods")
                            .isFalse();
                }
            }
        }
    }

    @Test
    void everyServiceSelectsOneDeploymentAndTargetsItsContainerPorts() {
        List<Service> services = Manifests.applied(Service.class);
        assertThat(services).extracting(service -> service.getMetadata().getName())
                .contains("mongo", "redis", API);
        for (Service service : services) {
            String name = service.getMetadata().getName();
            List<Deployment> selected = Manifests.applied(Deployment.class).stream()
                    .filter(deployment -> K8s.matches(service.getSpec().getSelector(),
                            deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(selected).as("deployments whose pods Service " + name + " selects").hasSize(1);
            Container container = selected.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                assertThat(K8s.containerPort(container, target))
                        .as("Service " + name + " port " + port.getPort() + " targets a port the container declares").isPresent();
                assertThat(Optional.ofNullable(port.getProtocol()).orElse("TCP")).isEqualTo("TCP");
            }
        }
    }

    @Test
    void theIngressRoutesAssessmentLocalThroughTraefikToTheApi() {
        List<Ingress> ingresses = Manifests.applied(Ingress.class);
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.get(0);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("traefik.ingress.kubernetes.io/router.entrypoints", "web");
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost).containsExactly("assessment.local");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).as("which paths: IngressTest").isNotEmpty();
        for (HTTPIngressPath path : paths) {
            IngressServiceBackend backend = path.getBackend().getService();
            assertThat(backend.getName()).isEqualTo(API);
            Service service = Manifests.named(Service.class, backend.getName());
            assertThat(K8s.servicePort(service, backend.getPort().getName(), backend.getPort().getNumber()))
                    .as("the ingress backend port exists on Service " + backend.getName()).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { API, WRITER, "redis", "mongo" })
    void probesUseDeclaredPortsAndPathsTheServiceServes(String deployment) {
        Container container = Manifests.container(deployment);
        assertThat(container.getLivenessProbe()).as(deployment + " liveness probe").isNotNull();
        assertThat(container.getReadinessProbe()).as(deployment + " readiness probe").isNotNull();
        for (Probe probe : probes(container)) {
            if (probe.getHttpGet() != null) {
                assertThat(K8s.containerPort(container, probe.getHttpGet().getPort()))
                        .as(deployment + " probe port " + probe.getHttpGet().getPort()).isPresent();
                assertThat(SERVED_PATHS.getOrDefault(deployment, Set.of()))
                        .as(deployment + " serves the probe path").contains(probe.getHttpGet().getPath());
            } else if (probe.getTcpSocket() != null) {
                assertThat(K8s.containerPort(container, probe.getTcpSocket().getPort()))
                        .as(deployment + " probe port " + probe.getTcpSocket().getPort()).isPresent();
            } else {
                assertThat(probe.getExec()).as(deployment + ": a probe is httpGet, tcpSocket or exec").isNotNull();
            }
        }
    }

    @Test
    void theApiAndTheWriterProbeTheirLivenessAndReadinessEndpoints() {
        Container api = Manifests.container(API);
        assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(api.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        Container writer = Manifests.container(WRITER);
        assertThat(writer.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(writer.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    }

    @ParameterizedTest
    @ValueSource(strings = { API, WRITER })
    void prometheusScrapesTheMetricsPortAndPath(String deployment) {
        Map<String, String> annotations = Manifests.deployment(deployment).getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics");
        int port = Integer.parseInt(annotations.get("prometheus.io/port"));
        assertThat(K8s.containerPort(Manifests.container(deployment), new IntOrString(port))).as("scrape port declared").isPresent();
        assertThat(SERVED_PATHS.get(deployment)).contains(annotations.get("prometheus.io/path"));
    }

    @ParameterizedTest
    @ValueSource(strings = { API, WRITER })
    void everyEnvironmentNameIsOneTheServiceReads(String deployment) {
        List<String> names = Manifests.container(deployment).getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names).as(deployment + " environment names").doesNotHaveDuplicates();
        assertThat(READ_NAMES.get(deployment)).as(deployment + " reads every name its manifest sets (EnvironmentVariable)")
                .containsAll(names);
        assertThat(Manifests.container(deployment).getEnvFrom()).as("envFrom would bypass the name check").isNullOrEmpty();
        assertThat(names).contains(EnvironmentVariable.PORT.name(), EnvironmentVariable.REDIS_URL.name(), EnvironmentVariable.REDIS_PASSWORD.name(),
                EnvironmentVariable.MONGO_URI.name());
    }

    @ParameterizedTest
    @ValueSource(strings = { API, WRITER })
    void theEnvironmentPointsAtTheServicesThatExist(String deployment) {
        Container container = Manifests.container(deployment);
        int port = Integer.parseInt(env(container, EnvironmentVariable.PORT.name()));
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(port);

        URI redis = URI.create(env(container, EnvironmentVariable.REDIS_URL.name()));
        assertThat(redis.getScheme()).isEqualTo("redis");
        assertThat(redis.getUserInfo()).as("no password inline in REDIS_URL: it comes from the Secret").isNull();
        assertServiceAddress(redis.getHost(), redis.getPort());

        URI mongo = URI.create(env(container, EnvironmentVariable.MONGO_URI.name()));
        assertThat(mongo.getScheme()).isEqualTo("mongodb");
        assertServiceAddress(mongo.getHost(), mongo.getPort());
    }

    /**
     * The API's MongoDB driver settings (the lengthened heartbeat interval above all: 100 pods'
     * monitors would otherwise take a share of the 100-IOPS budget) come from its
     * application.properties; nothing in the manifest may override them.
     */
    @Test
    void theApiLeavesItsMongoDriverSettingsToItsProperties() {
        Container api = Manifests.container(API);
        URI mongo = URI.create(env(api, EnvironmentVariable.MONGO_URI.name()));
        assertThat(mongo.getQuery()).as("options in MONGO_URI (heartbeatFrequencyMS=...) override the properties").isNull();
        assertThat(api.getEnv()).extracting(EnvVar::getName)
                .noneMatch(name -> name.startsWith("QUARKUS_") || name.startsWith("JAVA_") || name.equals("JDK_JAVA_OPTIONS"));
        assertThat(api.getArgs()).as("no -Dquarkus.mongodb... on the command line").isNullOrEmpty();
        assertThat(api.getCommand()).isNullOrEmpty();
    }

    @Test
    void credentialsComeOnlyFromTheSecretsSetupCreates() {
        List<SetupScript.SecretKey> created = SetupScript.secrets();
        assertThat(created).extracting(SetupScript.SecretKey::environmentVariable)
                .containsExactlyInAnyOrder(EnvironmentVariable.REDIS_PASSWORD.name(), EnvironmentVariable.ADMIN_TOKEN.name());
        Set<String> createdKeys = created.stream().map(secret -> secret.secret() + "/" + secret.key()).collect(Collectors.toSet());

        Set<String> referenced = new HashSet<>();
        for (Deployment deployment : Manifests.applied(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    boolean secretName = variable.getName().contains("PASSWORD") || variable.getName().contains("TOKEN")
                            || variable.getName().endsWith("_AUTH");
                    if (secretName) {
                        assertThat(variable.getValue()).as(deployment.getMetadata().getName() + " " + variable.getName()
                                + " must come from a Secret, not a literal").isNull();
                        SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
                        assertThat(ref).as(variable.getName() + " secretKeyRef").isNotNull();
                        referenced.add(ref.getName() + "/" + ref.getKey());
                    }
                }
            }
        }
        assertThat(createdKeys).as("Secrets setup.sh creates = Secrets the workloads read").isEqualTo(referenced);

        Set<String> examples = Manifests.all().stream().filter(document -> !document.applied())
                .map(Manifests.Document::object).filter(Secret.class::isInstance).map(Secret.class::cast)
                .flatMap(secret -> secret.getStringData().keySet().stream().map(key -> secret.getMetadata().getName() + "/" + key))
                .collect(Collectors.toSet());
        assertThat(examples).as("k8s/examples/secrets.example.yaml shows the same Secrets").isEqualTo(referenced);
        assertThat(Manifests.applied(Secret.class)).as("no Secret is committed among the applied manifests").isEmpty();
    }

    @Test
    void serviceLinksAreOffInEveryPodButTheUnchangedMongoDb() {
        for (Deployment deployment : Manifests.applied(Deployment.class)) {
            if (deployment.getMetadata().getName().equals("mongo")) {
                continue;
            }
            assertThat(deployment.getSpec().getTemplate().getSpec().getEnableServiceLinks())
                    .as(deployment.getMetadata().getName() + " enableServiceLinks (REDIS_PORT=tcp://... collides with Quarkus keys)")
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { API, WRITER })
    void imagesAreTheOnesSetupBuildsAndImports(String deployment) {
        Container container = Manifests.container(deployment);
        assertThat(container.getImage()).isEqualTo(SetupScript.image(deployment)).isEqualTo("loadproof/" + deployment + ":1.0.0");
        assertThat(container.getImagePullPolicy()).as("imported into k3d, never pulled").isEqualTo("Never");
    }

    @Test
    void theApiAndTheWritersSpreadAcrossNodes() {
        assertSpreadAcrossNodes(Manifests.deployment(API));
        assertSpreadAcrossNodes(Manifests.deployment(WRITER));
        assertThat(SetupScript.number("WRITER_REPLICAS")).as("the writers setup.sh starts").isBetween(2L, 10L);
    }

    @Test
    void everyContainerHasRequestsWithinLimits() {
        for (Deployment deployment : Manifests.applied(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                ResourceRequirements resources = container.getResources();
                String where = deployment.getMetadata().getName() + "/" + container.getName();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = resources.getRequests().get(resource);
                    Quantity limit = resources.getLimits().get(resource);
                    assertThat(request).as(where + " requests " + resource).isNotNull();
                    assertThat(limit).as(where + " limits " + resource).isNotNull();
                    assertThat(Quantity.getAmountInBytes(request)).as(where + " " + resource + " request <= limit")
                            .isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
                }
            }
        }
    }

    @Test
    void disruptionBudgetsCoverTheStatelessDeploymentsAndStillAllowADrain() {
        List<PodDisruptionBudget> budgets = Manifests.applied(PodDisruptionBudget.class);
        Set<String> covered = new HashSet<>();
        for (PodDisruptionBudget budget : budgets) {
            List<Deployment> selected = Manifests.applied(Deployment.class).stream()
                    .filter(deployment -> K8s.matches(budget.getSpec().getSelector(),
                            deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(selected).as("PDB " + budget.getMetadata().getName() + " selects one deployment").hasSize(1);
            Deployment deployment = selected.get(0);
            covered.add(deployment.getMetadata().getName());
            int replicas = replicasAtLeast(deployment);
            assertThat(allowedDisruptions(budget, replicas))
                    .as("PDB " + budget.getMetadata().getName() + " lets at least one of " + replicas + " pods be evicted")
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(covered).containsExactlyInAnyOrder(API, WRITER);
    }

    /**
     * The fewest pods a deployment runs: its replicas, the count setup.sh gives the writers (their
     * manifest has none), or its autoscaler's minimum when the HPA owns the count.
     */
    static int replicasAtLeast(Deployment deployment) {
        if (deployment.getSpec().getReplicas() != null) {
            return deployment.getSpec().getReplicas();
        }
        if (deployment.getMetadata().getName().equals(WRITER)) {
            return (int) SetupScript.number("WRITER_REPLICAS");
        }
        return Manifests.applied(HorizontalPodAutoscaler.class).stream()
                .filter(hpa -> hpa.getSpec().getScaleTargetRef().getName().equals(deployment.getMetadata().getName()))
                .map(hpa -> hpa.getSpec().getMinReplicas()).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + ": no replicas and no autoscaler"));
    }

    static List<Probe> probes(Container container) {
        return Stream.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe())
                .filter(probe -> probe != null).toList();
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " sets no " + name));
    }

    private static void assertServiceAddress(String host, int port) {
        Service service = Manifests.named(Service.class, host);
        assertThat(K8s.servicePort(service, null, port)).as("Service " + host + " has port " + port).isPresent();
    }

    private static void assertSpreadAcrossNodes(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        List<TopologySpreadConstraint> constraints = pod.getTopologySpreadConstraints();
        assertThat(constraints).as(deployment.getMetadata().getName() + " topology spread").isNotEmpty();
        TopologySpreadConstraint constraint = constraints.get(0);
        assertThat(constraint.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(constraint.getMaxSkew()).isEqualTo(1);
        assertThat(K8s.matches(constraint.getLabelSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()))
                .as("the spread constraint counts the deployment's own pods").isTrue();
    }

    private static int allowedDisruptions(PodDisruptionBudget budget, int replicas) {
        IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
        IntOrString minAvailable = budget.getSpec().getMinAvailable();
        if (maxUnavailable != null) {
            return maxUnavailable.getIntVal() != null ? maxUnavailable.getIntVal()
                    : (int) Math.ceil(replicas * percent(maxUnavailable) / 100.0);
        }
        int available = minAvailable.getIntVal() != null ? minAvailable.getIntVal()
                : (int) Math.ceil(replicas * percent(minAvailable) / 100.0);
        return replicas - available;
    }

    private static int percent(IntOrString value) {
        return Integer.parseInt(value.getStrVal().replace("%", ""));
    }

    private static Set<String> union(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }
}
