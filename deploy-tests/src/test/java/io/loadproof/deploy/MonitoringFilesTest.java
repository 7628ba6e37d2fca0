package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * The files of setup.sh --monitoring, without a cluster or Prometheus: the manifests parse and meet
 * the restricted Pod Security level, the ConfigMaps the pods mount are the ones monitoring.sh makes
 * from the configuration files at the paths the programs read, the numbers the dashboard and the
 * rules copy from the platform's manifests are theirs, and the requests are in setup.sh's table.
 * MonitoringQueriesTest runs the expressions against the real services.
 */
class MonitoringFilesTest {

    static final String NAMESPACE = "monitoring";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static List<HasMetadata> objects() {
        return Manifests.monitoring().stream().map(Manifests.Document::object).toList();
    }

    static <T extends HasMetadata> List<T> objects(Class<T> type) {
        return objects().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Deployment deployment(String name) {
        List<Deployment> found = objects(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("Deployment " + name + " in k8s/monitoring/").hasSize(1);
        return found.get(0);
    }

    static JsonNode dashboard() {
        try {
            return JSON.readTree(Repo.path("k8s/monitoring/dashboard.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every query of the dashboard: panel title and expression. */
    static List<String[]> dashboardTargets() {
        List<String[]> targets = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                targets.add(new String[] {panel.path("title").asText(), target.path("expr").asText(),
                        target.path("legendFormat").asText()});
            }
        }
        return targets;
    }

    static String monitoringScript() {
        return Repo.read("scripts/monitoring.sh");
    }

    @Test
    void theManifestsParseWithoutUnknownFieldsAndLiveInTheirNamespace() {
        assertThat(Manifests.monitoring()).hasSizeGreaterThanOrEqualTo(15);
        for (Manifests.Document document : Manifests.monitoring()) {
            HasMetadata object = document.object();
            assertThat(Manifests.unknownFields(object)).as(document.where() + ": unknown fields").isEmpty();
            String namespace = object.getMetadata().getNamespace();
            if (object instanceof Namespace || object instanceof ClusterRole || object instanceof ClusterRoleBinding) {
                assertThat(namespace).as(document.where() + " is cluster-wide").isNull();
            } else if (object instanceof Role || object instanceof RoleBinding) {
                assertThat(namespace).as(document.where() + ": discovery in the platform's namespace only")
                        .isEqualTo(Manifests.NAMESPACE);
            } else {
                assertThat(namespace).as(document.where() + " namespace").isEqualTo(NAMESPACE);
            }
            assertThat(object.getMetadata().getLabels()).as(document.where() + " labels")
                    .containsEntry("app.kubernetes.io/part-of", "loadproof-monitoring");
        }
        assertThat(objects(Namespace.class)).singleElement().satisfies(namespace -> assertThat(
                namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted"));
    }

    /** What the namespace's "restricted" Pod Security level demands, so that the pods are admitted at all. */
    @Test
    void everyPodMeetsTheRestrictedLevelAndHasRequestsAndLimits() {
        assertThat(objects(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("prometheus", "grafana", "kube-state-metrics");
        for (Deployment deployment : objects(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                assertThat(container.getImagePullPolicy()).as(name + ": official images, pulled").isNull();
                assertThat(container.getImage()).as(name + " image is pinned").matches(".+:v?\\d+\\.\\d+\\.\\d+");
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            }
        }
    }

    @Test
    void setupsSizingTableHasTheMonitoringRequestsAndTheHostOfTheHpaMaximumStillHoldsThem() {
        long millicpu = 0;
        long mib = 0;
        for (Deployment deployment : objects(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                millicpu += deployment.getSpec().getReplicas() * K8s.millicores(container.getResources().getRequests().get("cpu"));
                mib += deployment.getSpec().getReplicas()
                        * K8s.bytes(container.getResources().getRequests().get("memory")) / (1024 * 1024);
            }
        }
        assertThat(millicpu).isEqualTo(SetupScript.number("REQUESTS_MILLICPU_MONITORING"));
        assertThat(mib).isEqualTo(SetupScript.number("REQUESTS_MIB_MONITORING"));
        HostSizeTest.Requests atMax = HostSizeTest.requests(Manifests.named(
                io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class, WiringTest.API)
                .getSpec().getMaxReplicas());
        assertThat(atMax.millicpu() + millicpu + HostSizeTest.RESERVED_MILLICPU)
                .isLessThanOrEqualTo(SetupScript.number("HOST_CPUS_AT_HPA_MAX") * 1000);
        assertThat(atMax.mib() + mib + HostSizeTest.RESERVED_MIB)
                .isLessThanOrEqualTo(SetupScript.number("HOST_MEMORY_GIB_AT_HPA_MAX") * 1024);
    }

    /** Each ConfigMap a pod mounts is in the manifests or made by monitoring.sh, from the file the program then reads. */
    @Test
    void theMountedConfigMapsAreMadeFromTheConfigurationFilesAtThePathsTheProgramsRead() {
        Set<String> made = new HashSet<>();
        objects(ConfigMap.class).forEach(map -> made.add(map.getMetadata().getName()));
        Matcher matcher = Pattern.compile("(?m)^\\s+monitoring_configmap (\\S+) \"(\\w+\\.\\w+)=\\$\\{MONITORING_DIR}/(\\S+)\"$")
                .matcher(monitoringScript());
        Set<String> files = new HashSet<>();
        while (matcher.find()) {
            made.add(matcher.group(1));
            assertThat(matcher.group(2)).isEqualTo(matcher.group(3));
            assertThat(Repo.path("k8s/monitoring/" + matcher.group(3))).exists();
            files.add(matcher.group(3));
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(Manifests.MONITORING_CONFIGURATION_FILES);
        for (Deployment deployment : objects(Deployment.class)) {
            for (Volume volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertThat(made).as(deployment.getMetadata().getName() + " mounts ConfigMap " + volume.getConfigMap().getName())
                            .contains(volume.getConfigMap().getName());
                }
            }
        }
        Container prometheus = deployment("prometheus").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(prometheus.getArgs()).contains("--config.file=" + mountPath(prometheus, "config") + "/prometheus.yml");
        assertThat(Repo.read("k8s/monitoring/prometheus.yml")).contains("- " + mountPath(prometheus, "rules") + "/rules.yaml");
        Container grafana = deployment("grafana").getSpec().getTemplate().getSpec().getContainers().get(0);
        String provisioning = objects(ConfigMap.class).get(0).getData().get("dashboards.yaml");
        assertThat(provisioning).contains("path: " + mountPath(grafana, "dashboards"));
        assertThat(WiringTest.env(grafana, "GF_PATHS_PROVISIONING")).isEqualTo(mountPath(grafana, "provisioning"));
    }

    /** The dashboard's panels all use the provisioned datasource, which points at the Prometheus Service. */
    @Test
    void everyPanelUsesTheProvisionedDatasource() throws IOException {
        JsonNode datasources = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(objects(ConfigMap.class).get(0).getData().get("datasources.yaml")).path("datasources").get(0);
        assertThat(datasources.path("url").asText()).isEqualTo("http://prometheus.monitoring.svc:9090");
        String uid = datasources.path("uid").asText();
        int targets = 0;
        for (JsonNode panel : dashboard().path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(uid);
            assertThat(panel.path("description").asText()).as(panel.path("title").asText() + " says what it shows").isNotBlank();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(uid);
                targets++;
            }
        }
        assertThat(targets).isGreaterThanOrEqualTo(20);
    }

    /** Literal numbers of the dashboard and the rules are the manifests' values. */
    @Test
    void theNumbersCopiedFromTheManifestsAreTheirs() {
        String budget = WiringTest.env(Manifests.container(WiringTest.WRITER), "MONGO_IOPS_BUDGET");
        List<String> constants = new ArrayList<>();
        for (String[] target : dashboardTargets()) {
            Matcher vector = Pattern.compile("^vector\\((\\d+)\\)$").matcher(target[1]);
            if (vector.matches()) {
                constants.add(target[2] + "=" + vector.group(1));
            }
        }
        assertThat(constants).containsExactly("MONGO_IOPS_BUDGET=" + budget);
        assertThat(Repo.read("k8s/monitoring/rules.yaml")).as("the refusal point is read from the API, never copied")
                .doesNotContainPattern(">= \\d{3,}");
    }

    @Test
    void thePlatformsPodsCarryTheAnnotationsPrometheusKeepsThemBy() {
        String config = Repo.read("k8s/monitoring/prometheus.yml");
        assertThat(config).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
                "__meta_kubernetes_pod_annotation_prometheus_io_port", "__meta_kubernetes_pod_annotation_prometheus_io_path",
                "names: [" + Manifests.NAMESPACE + "]");
        for (String service : List.of(WiringTest.API, WiringTest.WRITER)) {
            var template = Manifests.deployment(service).getSpec().getTemplate();
            assertThat(template.getMetadata().getAnnotations()).as(service)
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port",
                            String.valueOf(template.getSpec().getContainers().get(0).getPorts().get(0).getContainerPort()));
            assertThat(template.getMetadata().getLabels()).as(service + ": the dashboard selects by app").containsEntry("app", service);
        }
    }

    /** cleanup.sh --keep-cluster removes the objects outside namespace monitoring by name: every one of them. */
    @Test
    void cleanupRemovesEveryObjectOutsideTheMonitoringNamespace() {
        String removal = monitoringScript().substring(monitoringScript().indexOf("remove_monitoring() {"));
        for (HasMetadata object : objects()) {
            if (!NAMESPACE.equals(object.getMetadata().getNamespace()) && !(object instanceof Namespace)) {
                assertThat(removal).as(object.getKind() + " " + object.getMetadata().getName())
                        .contains(object.getMetadata().getName()).contains(object.getKind().toLowerCase());
            }
        }
        assertThat(removal).contains("delete namespace \"$MONITORING_NAMESPACE\"");
        assertThat(Repo.read("cleanup.sh")).contains("\n  remove_monitoring\n");
    }

    @Test
    void setupInstallsTheMonitoringOnlyWhenAskedAndAfterThePlatform() {
        ToolSandbox sandbox = ToolSandbox.create(home, ToolSandbox.DEPLOYMENT_TOOLS);
        Processes.Result plain = dryRun(sandbox);
        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        assertThat(plain.stdout()).doesNotContain("monitoring");
        Processes.Result monitored = dryRun(sandbox, "--monitoring");
        assertThat(monitored.exitCode()).as(monitored.describe()).isZero();
        List<String> commands = SetupScriptTest.commands(monitored);
        int writerReady = indexOf(commands, "rollout status deployment/writer-service");
        assertThat(indexOf(commands, "apply -f k8s/monitoring/namespace.yaml")).isGreaterThan(writerReady);
        for (String file : List.of("kube-state-metrics.yaml", "prometheus.yaml", "grafana.yaml", "prometheus.yml", "rules.yaml",
                "dashboard.json")) {
            assertThat(indexOf(commands, "k8s/monitoring/" + file)).as(file).isGreaterThan(writerReady);
        }
        assertThat(monitored.stdout()).contains("port-forward svc/grafana 3000:3000");
        assertThat(sandbox.calls()).as("tools called during a dry run").isEmpty();
    }

    private Processes.Result dryRun(ToolSandbox sandbox, String... extra) {
        List<String> command = new ArrayList<>(List.of("bash", Repo.path("setup.sh").toString(), "--dry-run", "--skip-build"));
        command.addAll(List.of(extra));
        return Processes.run(command, sandbox.home(), sandbox.environment(), null, java.time.Duration.ofSeconds(60));
    }

    private static int indexOf(List<String> commands, String fragment) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no command containing '" + fragment + "' in:\n" + String.join("\n", commands));
    }

    private static String mountPath(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(mount -> mount.getName().equals(volume)).map(VolumeMount::getMountPath)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " mounts no volume " + volume));
    }
}
