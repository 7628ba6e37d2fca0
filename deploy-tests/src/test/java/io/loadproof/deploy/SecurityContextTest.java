package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Our workloads run as non-root, read-only, without privileges (Pod Security "restricted"): the
 * Deployments setup.sh applies and the StatefulSets of setup.sh --redis-ha.
 */
class SecurityContextTest {

    /** Each workload's name and pod template. */
    static Stream<Arguments> workloads() {
        Stream<Arguments> deployments = Stream.of("api-service", "writer-service", "redis")
                .map(name -> Arguments.of(name, Manifests.deployment(name).getSpec().getTemplate().getSpec()));
        Stream<Arguments> redisHa = Stream.of(RedisHaFilesTest.NODES, RedisHaFilesTest.SENTINELS)
                .map(name -> Arguments.of(name, RedisHaFilesTest.named(StatefulSet.class, name).getSpec().getTemplate().getSpec()));
        return Stream.concat(deployments, redisHa);
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void podsRunAsNonRootWithTheRuntimeDefaultSeccompProfile(String workload, PodSpec pod) {
        PodSecurityContext context = pod.getSecurityContext();
        assertThat(context.getRunAsNonRoot()).as(workload + " runAsNonRoot").isTrue();
        assertThat(context.getRunAsUser()).as(workload + " runAsUser").isNotNull().isPositive();
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).as(workload + " needs no API token").isFalse();
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void containersHaveAReadOnlyRootAndNoPrivileges(String workload, PodSpec pod) {
        for (Container container : pod.getContainers()) {
            SecurityContext context = container.getSecurityContext();
            assertThat(context).as(workload + " container securityContext").isNotNull();
            assertThat(context.getReadOnlyRootFilesystem()).as(workload + " readOnlyRootFilesystem").isTrue();
            assertThat(context.getAllowPrivilegeEscalation()).as(workload + " allowPrivilegeEscalation").isFalse();
            assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(context.getRunAsUser()).as("no per-container override of the pod's user").isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "api-service", "writer-service" })
    void quarkusGetsAWritableTmpAndTheImageUserSetupBuilds(String deployment) {
        PodSpec pod = Manifests.deployment(deployment).getSpec().getTemplate().getSpec();
        Container container = Manifests.container(deployment);
        VolumeMount tmp = container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow(() -> new AssertionError(deployment + " mounts no /tmp"));
        Volume volume = pod.getVolumes().stream().filter(candidate -> candidate.getName().equals(tmp.getName()))
                .findFirst().orElseThrow();
        assertThat(volume.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
        assertThat(volume.getEmptyDir().getSizeLimit()).as("bounded").isNotNull();
        assertThat(String.valueOf(pod.getSecurityContext().getRunAsUser()))
                .as("runAsUser = the -Dquarkus.jib.user setup.sh builds the image with")
                .isEqualTo(SetupScript.variable("IMAGE_USER"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "redis" })
    void redisWritesOnlyToItsVolume(String deployment) {
        List<VolumeMount> mounts = Manifests.container(deployment).getVolumeMounts();
        assertThat(mounts).filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                .extracting(VolumeMount::getMountPath).containsExactly("/data");
    }
}
