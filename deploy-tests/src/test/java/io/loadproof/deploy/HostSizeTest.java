package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/**
 * The resource requests of every pod, summed at the HPA's minimum and maximum, against the
 * Docker host setup.sh names (and warns about): 4 CPUs / 8 GiB for the minimum. k3d's nodes each
 * report the whole host, so Kubernetes would schedule more than fits; this is where it is counted.
 */
class HostSizeTest {

    /** Left for k3s's own processes, its system pods (coredns, metrics-server), Docker and the load balancer. */
    static final long RESERVED_MILLICPU = 500;
    static final long RESERVED_MIB = 1536;

    record Requests(long millicpu, long mib) {

        Requests plus(Requests other) {
            return new Requests(millicpu + other.millicpu, mib + other.mib);
        }

        Requests minus(Requests other) {
            return new Requests(millicpu - other.millicpu, mib - other.mib);
        }
    }

    private final HorizontalPodAutoscaler hpa = Manifests.named(HorizontalPodAutoscaler.class, WiringTest.API);

    /**
     * Every Deployment's requests times its replicas, the API's at {@code apiReplicas}, the
     * writers' at the count setup.sh gives a new Deployment (their manifest has none).
     */
    static Requests requests(int apiReplicas) {
        Requests sum = new Requests(0, 0);
        for (Deployment deployment : Manifests.applied(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            int replicas = switch (name) {
                case WiringTest.API -> apiReplicas;
                case WiringTest.WRITER -> (int) SetupScript.number("WRITER_REPLICAS");
                default -> deployment.getSpec().getReplicas();
            };
            sum = sum.plus(requests(replicas, deployment.getSpec().getTemplate().getSpec()));
        }
        return sum;
    }

    /** What {@code replicas} pods of this spec request. */
    static Requests requests(int replicas, PodSpec pod) {
        long millicpu = 0;
        long mib = 0;
        for (Container container : pod.getContainers()) {
            millicpu += replicas * K8s.millicores(container.getResources().getRequests().get("cpu"));
            mib += replicas * K8s.bytes(container.getResources().getRequests().get("memory")) / (1024 * 1024);
        }
        return new Requests(millicpu, mib);
    }

    @Test
    void theFiguresSetupPrintsAreTheManifestsSums() {
        assertThat(requests(hpa.getSpec().getMinReplicas())).isEqualTo(new Requests(
                SetupScript.number("REQUESTS_MILLICPU_AT_HPA_MIN"), SetupScript.number("REQUESTS_MIB_AT_HPA_MIN")));
        assertThat(requests(hpa.getSpec().getMaxReplicas())).isEqualTo(new Requests(
                SetupScript.number("REQUESTS_MILLICPU_AT_HPA_MAX"), SetupScript.number("REQUESTS_MIB_AT_HPA_MAX")));
    }

    @Test
    void tenApiPodsAndTheRestFitAFourCoreEightGibHost() {
        assertThat(SetupScript.number("HOST_CPUS")).isEqualTo(4);
        assertThat(SetupScript.number("HOST_MEMORY_GIB")).isEqualTo(8);
        assertFits(requests(hpa.getSpec().getMinReplicas()), 4, 8);
    }

    @Test
    void theHostNamedForTheHpaMaximumHoldsItsRequests() {
        assertFits(requests(hpa.getSpec().getMaxReplicas()), SetupScript.number("HOST_CPUS_AT_HPA_MAX"),
                SetupScript.number("HOST_MEMORY_GIB_AT_HPA_MAX"));
    }

    static void assertFits(Requests requests, long cpus, long gib) {
        assertThat(requests.millicpu() + RESERVED_MILLICPU).as("CPU requests plus the system's share, of " + cpus + " CPUs")
                .isLessThanOrEqualTo(cpus * 1000);
        assertThat(requests.mib() + RESERVED_MIB).as("memory requests plus the system's share, of " + gib + " GiB")
                .isLessThanOrEqualTo(gib * 1024);
    }
}
