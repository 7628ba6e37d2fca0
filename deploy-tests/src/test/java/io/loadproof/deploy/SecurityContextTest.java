package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/** Our workloads run as non-root, read-only, without privileges (Pod Security "restricted"). */
class SecurityContextTest {

    @ParameterizedTest
    @ValueSource(strings = { "api-service", "writer-service", "redis" })
    void podsRunAsNonRootWithTheRuntimeDefaultSeccompProfile(String deployment) {
        PodSpec pod = Manifests.deployment(deployment).getSpec().getTemplate().getSpec();
        PodSecurityContext context = pod.getSecurityContext();
        assertThat(context.getRunAsNonRoot()).as(deployment + " runAsNonRoot").isTrue();
        assertThat(context.getRunAsUser()).as(deployment + " runAsUser").isNotNull().isPositive();
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).as(deployment + " needs no API token").isFalse();
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "api-service", "writer-service", "redis" })
    void containersHaveAReadOnlyRootAndNoPrivileges(String deployment) {
        for (Container container : Manifests.deployment(deployment).getSpec().getTemplate().getSpec().getContainers()) {
            SecurityContext context = container.getSecurityContext();
            assertThat(context).as(deployment + " container securityContext").isNotNull();
            assertThat(context.getReadOnlyRootFilesystem()).as(deployment + " readOnlyRootFilesystem").isTrue();
            assertThat(context.getAllowPrivilegeEscalation()).as(deployment + " allowPrivilegeEscalation").isFalse();
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
