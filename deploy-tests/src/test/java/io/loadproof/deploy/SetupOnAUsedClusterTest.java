package io.loadproof.deploy;

import static io.loadproof.deploy.SetupScriptTest.existingCluster;
import static io.loadproof.deploy.SetupScriptTest.setup;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * setup.sh run again, or run after the original assessment in the same cluster, against stub
 * tools that answer as that cluster would: the original's app is found and removed (MongoDB
 * kept), the writers keep a count set with kubectl scale, metrics-server is checked before the
 * HPA is relied on, and every kubectl command it runs or prints names the cluster's context.
 */
class SetupOnAUsedClusterTest {

    private static final String ROOMY_HOST = "4 8589934592";
    /** What kubectl get -o name prints for the original's objects: resource.group/name, one per line. */
    private static final String ORIGINAL_APP = Repo.path("deploy-tests/src/test/recorded/kubectl-get-original-app.txt").toString();
    private static final String ORIGINAL_APP_CASE = "  *\" get deployment/app-python \"*) cat '" + ORIGINAL_APP + "' ;;";
    private static final String DELETE = "kubectl --context k3d-assessment --namespace assessment delete deployment.apps/app-python "
            + "deployment.apps/app-nodejs service/app-python service/app-nodejs horizontalpodautoscaler.autoscaling/app-python "
            + "horizontalpodautoscaler.autoscaling/app-nodejs ingress.networking.k8s.io/assessment-ingress --wait=true";

    @TempDir
    java.nio.file.Path home;

    @Test
    void theOriginalAppIsNamedAndDeletedBeforeOurIngressAndMongoDbIsKept() {
        ToolSandbox cluster = existingCluster(home, ROOMY_HOST, 32768, ORIGINAL_APP_CASE);
        Processes.Result result = setup(cluster, "--skip-build");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("found, left by the original assessment:",
                "deployment.apps/app-python", "the original Python app; its pods write to MongoDB",
                "ingress.networking.k8s.io/assessment-ingress", "http://assessment.local/ to app-python",
                "MongoDB (deployment mongo, PVC mongo-pvc) and its data stay as they are.");

        List<String> calls = cluster.calls();
        assertThat(calls).contains("kubectl --context k3d-assessment --namespace assessment get deployment/app-python "
                + "deployment/app-nodejs service/app-python service/app-nodejs hpa/app-python hpa/app-nodejs "
                + "ingress/assessment-ingress --ignore-not-found -o name");
        int delete = SetupScriptTest.indexOf(calls, DELETE);
        assertThat(delete).isLessThan(SetupScriptTest.indexOf(calls, "apply -f k8s/api/"))
                .isLessThan(SetupScriptTest.indexOf(calls, "apply -f k8s/mongodb/"));
        assertThat(calls).filteredOn(call -> call.contains(" delete ")).singleElement().asString()
                .doesNotContain("mongo").doesNotContain("pvc").doesNotContain("delete namespace");
    }

    @Test
    void keepOriginalAppStopsWithTheCommandThatRemovesIt() {
        ToolSandbox cluster = existingCluster(home, ROOMY_HOST, 32768, ORIGINAL_APP_CASE);
        Processes.Result result = setup(cluster, "--skip-build", "--keep-original-app");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("--keep-original-app: stopping", "\n  " + DELETE + "\n");
        assertThat(cluster.calls()).noneMatch(call -> call.contains(" delete ") || call.contains(" apply ")
                || call.startsWith("k3d image import"));
    }

    @Test
    void aClusterWithoutTheOriginalAppIsLeftAlone() {
        ToolSandbox cluster = existingCluster(home, ROOMY_HOST, 32768);
        Processes.Result result = setup(cluster, "--skip-build");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("none (no app-python, app-nodejs or assessment-ingress)");
        assertThat(cluster.calls()).noneMatch(call -> call.contains(" delete "));
    }

    /** As the API keeps the HPA's count: no replicas in the manifest, and an existing Deployment is never scaled. */
    @Test
    void aReRunKeepsTheWritersCountAndANewDeploymentGetsTwo() {
        assertThat(Manifests.deployment(WiringTest.WRITER).getSpec().getReplicas())
                .as("k8s/writer/deployment.yaml has no replicas: applying it keeps a count set with kubectl scale").isNull();

        ToolSandbox existing = existingCluster(home.resolve("existing"), ROOMY_HOST, 32768);
        Processes.Result rerun = setup(existing, "--skip-build");
        assertThat(rerun.exitCode()).as(rerun.describe()).isZero();
        List<String> calls = existing.calls();
        assertThat(SetupScriptTest.indexOf(calls, "apply set-last-applied --create-annotation=true -f k8s/writer/deployment.yaml"))
                .as("the replicas: 2 a Deployment applied before may remember is forgotten before kubectl apply")
                .isLessThan(SetupScriptTest.indexOf(calls, "apply -f k8s/writer/"));
        assertThat(calls).noneMatch(call -> call.contains(" scale ") || call.contains("--replicas"));

        ToolSandbox fresh = existingCluster(home.resolve("fresh"), ROOMY_HOST, 32768,
                "  *\" get deployment writer-service\") exit 1 ;;");
        Processes.Result first = setup(fresh, "--skip-build");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        List<String> created = fresh.calls();
        assertThat(SetupScriptTest.indexOf(created, "scale deployment/writer-service --replicas=" + SetupScript.number("WRITER_REPLICAS")))
                .isGreaterThan(SetupScriptTest.indexOf(created, "apply -f k8s/writer/"));
        assertThat(created).noneMatch(call -> call.contains("set-last-applied"));
    }

    @Test
    void theDocsSayThatARerunKeepsTheWritersCount() {
        assertThat(oneLine(Repo.read("README.md"))).contains("keeps what is right, including the number of API pods the HPA "
                + "has reached and the number of writers");
        assertThat(oneLine(Repo.read("docs/kubernetes.md"))).contains("so a re-run keeps the writers' count",
                "leaves an existing one as it is, including a count set with `kubectl scale`").doesNotContain("count is reset");
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void metricsServerIsCheckedBeforeTheApiAndItsAbsenceExplained() {
        ToolSandbox healthy = existingCluster(home.resolve("healthy"), ROOMY_HOST, 32768);
        Processes.Result fine = setup(healthy, "--skip-build");
        assertThat(fine.stdout()).contains("metrics.k8s.io is available");
        assertThat(SetupScriptTest.indexOf(healthy.calls(), "get apiservice v1beta1.metrics.k8s.io"))
                .isLessThan(SetupScriptTest.indexOf(healthy.calls(), "apply -f k8s/api/"));

        ToolSandbox missing = existingCluster(home.resolve("missing"), ROOMY_HOST, 32768,
                "  *\" get apiservice v1beta1.metrics.k8s.io \"*) exit 1 ;;");
        Processes.Result warned = setup(missing, Map.of("METRICS_SERVER_TIMEOUT", "0"), "--skip-build");
        assertThat(warned.exitCode()).as(warned.describe()).isZero();
        assertThat(warned.stderr()).contains("warning: metrics-server does not answer",
                "kubectl --context k3d-assessment -n kube-system get deployment metrics-server",
                "kubectl --context k3d-assessment -n kube-system logs deployment/metrics-server",
                "k3d cluster delete assessment && ./setup.sh --skip-build");
    }

    /** Whatever context is current, nothing setup.sh runs or tells the user to run acts on another cluster. */
    @Test
    void everyKubectlCommandRunOrPrintedNamesTheContext() {
        ToolSandbox cluster = existingCluster(home.resolve("a"), ROOMY_HOST, 32768, ORIGINAL_APP_CASE
                + "\n  *\" get apiservice v1beta1.metrics.k8s.io \"*) exit 1 ;;");
        Processes.Result run = setup(cluster, Map.of("METRICS_SERVER_TIMEOUT", "0"), "--skip-build");
        Processes.Result stopped = setup(existingCluster(home.resolve("b"), ROOMY_HOST, 32768, ORIGINAL_APP_CASE),
                "--skip-build", "--keep-original-app");
        Processes.Result plan = setup(ToolSandbox.create(home.resolve("c"), SetupScriptTest.ALL_TOOLS), "--dry-run");
        Processes.Result rollout = setup(existingCluster(home.resolve("d"), ROOMY_HOST, 32768,
                "  *\" rollout status deployment/api-service \"*) exit 1 ;;"), "--skip-build");
        assertThat(rollout.exitCode()).isNotZero();

        Pattern kubectl = Pattern.compile("kubectl (?!--context k3d-assessment )(?!found;)\\S+");
        List<String> withoutContext = new ArrayList<>();
        for (Processes.Result result : List.of(run, stopped, plan, rollout)) {
            Matcher matcher = kubectl.matcher(result.stdout() + result.stderr());
            while (matcher.find()) {
                withoutContext.add(matcher.group());
            }
        }
        assertThat(withoutContext).as("kubectl without --context in what setup.sh printed").isEmpty();
        assertThat(cluster.calls()).filteredOn(call -> call.startsWith("kubectl "))
                .allMatch(call -> call.startsWith("kubectl --context k3d-assessment "));
    }
}
