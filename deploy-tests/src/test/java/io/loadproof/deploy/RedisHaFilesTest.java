package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The files of setup.sh --redis-ha (k8s/redis-ha/), without a cluster: the StatefulSets, their names
 * and volumes, the spreading over machines, who may reach which port, the scripts and the figures
 * setup.sh prints for them. RedisHaRehearsalTest runs the scripts on real Redis processes.
 */
class RedisHaFilesTest {

    static final String NODES = "redis-ha";
    static final String SENTINELS = "redis-sentinel";
    static final String CONFIG = "redis-ha-config";

    @TempDir
    Path scratch;

    static <T extends HasMetadata> T named(Class<T> type, String name) {
        List<T> found = Manifests.redisHa().stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).toList();
        assertThat(found).as(type.getSimpleName() + " " + name + " in k8s/redis-ha/").hasSize(1);
        return found.get(0);
    }

    static String script(String key) {
        return named(ConfigMap.class, CONFIG).getData().get(key);
    }

    @Test
    void everyObjectIsInTheNamespaceAndPartOfThePlatform() {
        assertThat(Manifests.redisHa()).hasSizeGreaterThanOrEqualTo(9);
        for (HasMetadata object : Manifests.redisHa()) {
            assertThat(object.getMetadata().getNamespace()).as(object.getMetadata().getName()).isEqualTo(Manifests.NAMESPACE);
        }
        for (String name : List.of(NODES, SENTINELS)) {
            assertThat(named(StatefulSet.class, name).getMetadata().getLabels())
                    .containsEntry("app", name).containsEntry("app.kubernetes.io/part-of", "loadproof");
        }
    }

    /** A primary and at least one replica; three Sentinels, so that two of them are a majority. */
    @Test
    void aPrimaryAReplicaAndThreeSentinelsEachWithItsOwnVolume() {
        assertThat(named(StatefulSet.class, NODES).getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(named(StatefulSet.class, SENTINELS).getSpec().getReplicas()).isEqualTo(3);
        for (String name : List.of(NODES, SENTINELS)) {
            StatefulSet set = named(StatefulSet.class, name);
            assertThat(set.getSpec().getVolumeClaimTemplates()).as(name + ": a volume per pod").hasSize(1);
            String claim = set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
            assertThat(container(set, mainContainer(name)).getVolumeMounts()).extracting(VolumeMount::getName).contains(claim);
            assertThat(K8s.matches(set.getSpec().getSelector(), set.getSpec().getTemplate().getMetadata().getLabels())).isTrue();

            Service service = named(Service.class, set.getSpec().getServiceName());
            assertThat(service.getSpec().getClusterIP()).as(name + ": headless, so each pod has its own DNS name").isEqualTo("None");
            assertThat(service.getSpec().getPublishNotReadyAddresses()).as("names exist before the pods are ready").isTrue();
            assertThat(K8s.matches(service.getSpec().getSelector(), set.getSpec().getTemplate().getMetadata().getLabels())).isTrue();
        }
    }

    /** A replica holds the whole queue: the same resources and volume as the one Redis of k8s/redis/. */
    @Test
    void eachNodeIsSizedLikeTheOneRedis() {
        Container single = Manifests.container("redis");
        Container node = container(named(StatefulSet.class, NODES), "redis");
        assertThat(node.getResources()).isEqualTo(single.getResources());
        assertThat(node.getImage()).isEqualTo(single.getImage());
        PersistentVolumeClaim claim = Manifests.named(PersistentVolumeClaim.class, "redis-pvc");
        assertThat(named(StatefulSet.class, NODES).getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources())
                .isEqualTo(claim.getSpec().getResources());
        assertThat(SetupScript.number("REDIS_VOLUME_GIB") * 1024 * 1024 * 1024)
                .isEqualTo(K8s.bytes(claim.getSpec().getResources().getRequests().get("storage")));
    }

    /** ha.conf includes the one Redis' redis.conf, mounted from the ConfigMap setup.sh --redis-ha applies too. */
    @Test
    void theNodesLoadTheOneSizingOfK8sRedis() {
        assertThat(script("ha.conf")).startsWith("include /etc/redis/redis.conf\n").contains("min-replicas-to-write 1");
        PodSpec pod = named(StatefulSet.class, NODES).getSpec().getTemplate().getSpec();
        String volume = mountAt(container(named(StatefulSet.class, NODES), "redis"), "/etc/redis");
        assertThat(volumeNamed(pod, volume).getConfigMap().getName())
                .isEqualTo(Manifests.named(ConfigMap.class, "redis-config").getMetadata().getName());
        assertThat(SetupScript.source()).contains("kube apply -f k8s/redis/configmap.yaml");
    }

    /** Every script a container runs is a key of redis-ha-config, mounted where the command looks. */
    @Test
    void theContainersRunTheScriptsOfTheConfigMap() {
        for (StatefulSet set : List.of(named(StatefulSet.class, NODES), named(StatefulSet.class, SENTINELS))) {
            PodSpec pod = set.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                List<String> command = container.getCommand();
                assertThat(command).as(container.getName()).hasSize(2).startsWith("sh");
                Path script = Path.of(command.get(1));
                String volume = mountAt(container, script.getParent().toString());
                assertThat(volumeNamed(pod, volume).getConfigMap().getName()).isEqualTo(CONFIG);
                assertThat(script(script.getFileName().toString())).as(command.get(1)).isNotBlank();
            }
        }
    }

    /**
     * Bounded, reading the password from the Secret setup.sh creates, and without the service links
     * that would inject REDIS_PORT=tcp://... (the security contexts: SecurityContextTest).
     */
    @Test
    void everyContainerIsBoundedAndReadsThePasswordFromItsSecret() {
        for (String name : List.of(NODES, SENTINELS)) {
            PodSpec pod = named(StatefulSet.class, name).getSpec().getTemplate().getSpec();
            assertThat(pod.getEnableServiceLinks()).as(name).isFalse();
            for (Container container : pod.getContainers()) {
                String where = name + "/" + container.getName();
                assertThat(container.getResources().getLimits()).as(where).containsKeys("cpu", "memory");
                container.getEnv().stream().filter(variable -> variable.getName().contains("PASSWORD") || variable.getName().endsWith("_AUTH"))
                        .forEach(variable -> assertThat(variable.getValueFrom().getSecretKeyRef().getName()).as(where).isEqualTo("redis-auth"));
            }
        }
    }

    @Test
    void redisNodesAndSentinelsSpreadOverTheMachines() {
        for (String name : List.of(NODES, SENTINELS)) {
            List<WeightedPodAffinityTerm> terms = named(StatefulSet.class, name).getSpec().getTemplate().getSpec()
                    .getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
            assertThat(terms).as(name).isNotEmpty();
            assertThat(terms.get(0).getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(K8s.matches(terms.get(0).getPodAffinityTerm().getLabelSelector(), Map.of("app", name))).isTrue();
            assertThat(named(PodDisruptionBudget.class, name).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        }
    }

    /** The clients reach the nodes and the Sentinels; the nodes and Sentinels reach each other; nobody else. */
    @Test
    void theNetworkPoliciesLetInTheClientsNodesAndSentinelsOnly() {
        List<String> peers = List.of("api-service", "writer-service", NODES, SENTINELS);
        assertAdmits(NODES, 6379, peers);
        assertAdmits(SENTINELS, 26379, peers);
    }

    private static void assertAdmits(String app, int port, List<String> peers) {
        List<NetworkPolicy> policies = Manifests.redisHa().stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast)
                .filter(policy -> K8s.matches(policy.getSpec().getPodSelector(), Map.of("app", app))).toList();
        assertThat(policies).as("policies of " + app).hasSize(1);
        var rule = policies.get(0).getSpec().getIngress().get(0);
        assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(port);
        List<String> admitted = new ArrayList<>();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
            assertThat(peer.getNamespaceSelector()).as("same namespace only").isNull();
            peer.getPodSelector().getMatchLabels().values().forEach(admitted::add);
        }
        assertThat(admitted).containsExactlyInAnyOrderElementsOf(peers);
        for (String client : List.of("api-service", "writer-service")) {
            assertThat(Manifests.deployment(client).getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", client);
        }
    }

    /**
     * setup.sh hands the services one URL per Sentinel pod and the master name the Sentinels monitor;
     * the Sentinels' quorum is a majority of them.
     */
    @Test
    void theServicesAskEverySentinelForThePrimaryTheyMonitor() {
        StatefulSet sentinels = named(StatefulSet.class, SENTINELS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sentinels.getSpec().getReplicas(); i++) {
            expected.add("redis://" + SENTINELS + "-" + i + "." + sentinels.getSpec().getServiceName() + ":26379");
        }
        assertThat(List.of(SetupScript.variable("REDIS_HA_SENTINELS").split(","))).isEqualTo(expected);

        String master = SetupScript.variable("REDIS_HA_MASTER_NAME");
        Matcher monitor = Pattern.compile("sentinel monitor (\\S+) \\$\\{primary} 6379 (\\d+)").matcher(script("start-sentinel.sh"));
        assertThat(monitor.find()).isTrue();
        assertThat(monitor.group(1)).isEqualTo(master);
        assertThat(Integer.parseInt(monitor.group(2))).isEqualTo(sentinels.getSpec().getReplicas() / 2 + 1);
        assertThat(script("start-redis.sh")).contains("get-master-addr-by-name " + master, "replicas " + master);
        assertThat(SetupScript.number("REDIS_HA_MIN_REPLICAS")).isBetween(1L, (long) named(StatefulSet.class, NODES).getSpec().getReplicas() - 1);
    }

    /** The figures setup.sh prints for --redis-ha are the manifests' sums, and the host it names holds them. */
    @Test
    void theHostFiguresOfRedisHaAreTheManifestsSums() {
        HostSizeTest.Requests added = requests(named(StatefulSet.class, NODES)).plus(requests(named(StatefulSet.class, SENTINELS)))
                .minus(requests(Manifests.deployment("redis")));
        assertThat(added).isEqualTo(new HostSizeTest.Requests(SetupScript.number("REQUESTS_MILLICPU_REDIS_HA"),
                SetupScript.number("REQUESTS_MIB_REDIS_HA")));
        HorizontalPodAutoscaler hpa = Manifests.named(HorizontalPodAutoscaler.class, WiringTest.API);
        int min = hpa.getSpec().getMinReplicas();
        int max = hpa.getSpec().getMaxReplicas();
        HostSizeTest.assertFits(HostSizeTest.requests(min).plus(added), SetupScript.number("HOST_CPUS"),
                SetupScript.number("HOST_MEMORY_GIB_REDIS_HA"));
        HostSizeTest.assertFits(HostSizeTest.requests(max).plus(added), SetupScript.number("HOST_CPUS_AT_HPA_MAX_REDIS_HA"),
                SetupScript.number("HOST_MEMORY_GIB_AT_HPA_MAX_REDIS_HA"));
    }

    /** The scripts run under the image's /bin/sh (BusyBox): POSIX shell, checked by sh -n and by shellcheck. */
    @Test
    void theScriptsAreValidPosixShell() throws IOException {
        List<String> command = new ArrayList<>();
        for (String key : List.of("start-redis.sh", "promotable.sh", "start-sentinel.sh")) {
            Path file = Files.writeString(scratch.resolve(key), script(key));
            Processes.Result syntax = Processes.run(List.of("sh", "-n", file.toString()), scratch);
            assertThat(syntax.exitCode()).as(syntax.describe()).isZero();
            command.add(file.toString());
        }
        Path shellcheck = OptionalTool.SHELLCHECK.require();
        command.addAll(0, List.of(shellcheck.toString(), "--shell=sh", "--format=gcc"));
        Processes.Result result = Processes.run(command, scratch, null, null, Duration.ofMinutes(1));
        assertThat(result.stdout() + result.stderr()).as("shellcheck findings").isEmpty();
    }

    private static HostSizeTest.Requests requests(Deployment deployment) {
        return HostSizeTest.requests(deployment.getSpec().getReplicas(), deployment.getSpec().getTemplate().getSpec());
    }

    private static HostSizeTest.Requests requests(StatefulSet set) {
        return HostSizeTest.requests(set.getSpec().getReplicas(), set.getSpec().getTemplate().getSpec());
    }

    private static String mainContainer(String set) {
        return set.equals(NODES) ? "redis" : "sentinel";
    }

    private static Container container(StatefulSet set, String name) {
        return set.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + name + " in " + set.getMetadata().getName()));
    }

    private static String mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals(path)).map(VolumeMount::getName)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
    }

    private static Volume volumeNamed(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
