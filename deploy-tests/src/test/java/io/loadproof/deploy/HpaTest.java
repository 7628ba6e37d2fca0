package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;

/** The API scales 10-100 on CPU only, fast upwards; the writer has no autoscaler. */
class HpaTest {

    private final HorizontalPodAutoscaler hpa = Manifests.named(HorizontalPodAutoscaler.class, "api-service");

    @Test
    void onlyTheApiHasAnAutoscaler() {
        assertThat(Manifests.applied(HorizontalPodAutoscaler.class)).containsExactly(hpa);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("api-service");
        Manifests.deployment(hpa.getSpec().getScaleTargetRef().getName());
    }

    @Test
    void boundsAreTenToOneHundred() {
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(100);
    }

    /** With spec.replicas in the manifest, every kubectl apply (a re-run of setup.sh) would reset the HPA's count. */
    @Test
    void theDeploymentLeavesItsReplicaCountToTheHpa() {
        JsonNode raw = Manifests.applied().stream().map(Manifests.Document::raw)
                .filter(node -> node.path("kind").asText().equals("Deployment")
                        && node.at("/metadata/name").asText().equals("api-service"))
                .findFirst().orElseThrow();
        assertThat(raw.path("spec").has("replicas")).as("spec.replicas in k8s/api/deployment.yaml").isFalse();
    }

    @Test
    void theOnlyMetricIsCpuAtFortyPercentOfTheRequest() {
        List<MetricSpec> metrics = hpa.getSpec().getMetrics();
        assertThat(metrics).hasSize(1);
        MetricSpec metric = metrics.get(0);
        assertThat(metric.getType()).isEqualTo("Resource");
        assertThat(metric.getResource().getName()).isEqualTo("cpu");
        assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
        assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(40);
        assertThat(metrics).noneMatch(candidate -> candidate.getResource() != null
                && "memory".equals(candidate.getResource().getName()));
        assertThat(Manifests.container("api-service").getResources().getRequests())
                .as("Utilization is a share of the CPU request, which must exist").containsKey("cpu");
    }

    @Test
    void scaleUpIsImmediateAndAtLeastDoublesOrAddsTenPodsEveryFifteenSeconds() {
        HPAScalingRules up = hpa.getSpec().getBehavior().getScaleUp();
        assertThat(up.getStabilizationWindowSeconds()).isZero();
        assertThat(up.getSelectPolicy()).isEqualTo("Max");
        assertThat(up.getPolicies()).allMatch(policy -> policy.getPeriodSeconds() <= 15)
                .anyMatch(policy -> policy.getType().equals("Percent") && policy.getValue() >= 100)
                .anyMatch(policy -> policy.getType().equals("Pods") && policy.getValue() >= 10);
        HPAScalingRules down = hpa.getSpec().getBehavior().getScaleDown();
        assertThat(down.getStabilizationWindowSeconds()).as("scale down slowly").isGreaterThanOrEqualTo(60);
        assertThat(down.getPolicies()).extracting(HPAScalingPolicy::getType).doesNotContain("Pods");
    }
}
