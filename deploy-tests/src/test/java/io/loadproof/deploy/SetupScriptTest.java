package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * setup.sh and cleanup.sh, run for real in a sandbox PATH whose docker, k3d, kubectl and java are
 * logging stubs: --dry-run must print the whole bring-up of a fresh machine in dependency order
 * and call none of them.
 */
class SetupScriptTest {

    private static final Set<String> ALL_TOOLS = Set.of("docker", "k3d", "kubectl", "java");

    @TempDir
    Path home;

    @Test
    void dryRunPrintsTheBringUpInDependencyOrderAndRunsNothing() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        Processes.Result result = setup(sandbox, "--dry-run");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(sandbox.calls()).as("tools called during a dry run").isEmpty();

        List<String> commands = commands(result);
        int cluster = indexOf(commands, "k3d cluster create assessment --port 80:80@loadbalancer --agents 2");
        int build = indexOf(commands, "./mvnw ");
        int importImages = indexOf(commands, "k3d image import loadproof/api-service:1.0.0 loadproof/writer-service:1.0.0 --cluster assessment");
        int namespace = indexOf(commands, "apply -f k8s/namespace.yaml");
        int redisSecret = indexOf(commands, "create secret generic redis-auth");
        int adminSecret = indexOf(commands, "create secret generic api-admin");
        int policies = indexOf(commands, "apply -f k8s/network/");
        int mongodb = indexOf(commands, "apply -f k8s/mongodb/");
        int redis = indexOf(commands, "apply -f k8s/redis/");
        int mongodbReady = indexOf(commands, "rollout status deployment/mongo");
        int redisReady = indexOf(commands, "rollout status deployment/redis");
        int api = indexOf(commands, "apply -f k8s/api/");
        int writer = indexOf(commands, "apply -f k8s/writer/");
        int apiReady = indexOf(commands, "rollout status deployment/api-service");
        int writerReady = indexOf(commands, "rollout status deployment/writer-service");

        assertThat(List.of(cluster, build, importImages, namespace, mongodb, redis, api, writer, apiReady))
                .as("cluster, build, import, namespace, mongodb, redis, api, writer, rollouts:\n" + String.join("\n", commands))
                .isSorted();
        assertThat(List.of(namespace, redisSecret, adminSecret, policies, mongodb)).isSorted();
        assertThat(List.of(redis, mongodbReady, redisReady, api)).as("datastores ready before the services").isSorted();
        assertThat(List.of(writer, apiReady, writerReady)).isSorted();
        assertThat(result.stdout()).contains("127.0.0.1 assessment.local", "k6 run stress-test/stress-test.js",
                "k6 run --vus 100 --duration 30s stress-test/stress-test.js",
                "scale deployment/writer-service --replicas=N", "http://assessment.local/api/data");
    }

    @Test
    void everyKubectlCommandNamesTheClusterContext() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        for (String command : commands(setup(sandbox, "--dry-run"))) {
            if (command.startsWith("kubectl ")) {
                assertThat(command).as("kubectl must not act on whatever context is current").contains("--context k3d-assessment");
            }
        }
    }

    @Test
    void theNativeBuildIsTheDefaultAndNamesTheImagesTheManifestsRun() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        String build = only(commands(setup(sandbox, "--dry-run")), command -> command.startsWith("./mvnw "));
        assertThat(build).contains(" package ", "-pl api-service,writer-service", "-Dquarkus.container-image.build=true",
                "-Dquarkus.container-image.group=loadproof", "-Dquarkus.container-image.tag=1.0.0", " -Dnative",
                "-Dquarkus.jib.base-native-image=", "-Dquarkus.jib.user=" + SetupScript.variable("IMAGE_USER"))
                .doesNotContain(" install");
        for (Deployment deployment : List.of(Manifests.deployment("api-service"), Manifests.deployment("writer-service"))) {
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertThat(image).isEqualTo("loadproof/" + deployment.getMetadata().getName() + ":1.0.0");
        }
    }

    @Test
    void jvmBuildsJvmImages() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        Processes.Result result = setup(sandbox, "--dry-run", "--jvm");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        String build = only(commands(result), command -> command.startsWith("./mvnw "));
        assertThat(build).contains("-Dquarkus.container-image.build=true", "-Dquarkus.jib.base-jvm-image=")
                .doesNotContain("-Dnative");
    }

    @Test
    void skipBuildReusesTheLocalImages() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        List<String> commands = commands(setup(sandbox, "--dry-run", "--skip-build"));
        assertThat(commands).noneMatch(command -> command.startsWith("./mvnw"))
                .contains("docker image inspect loadproof/api-service:1.0.0", "docker image inspect loadproof/writer-service:1.0.0");
    }

    @Test
    void aMissingToolIsNamedWithHowToGetIt() {
        ToolSandbox withoutK3d = ToolSandbox.create(home.resolve("a"), Set.of("docker", "kubectl", "java"));
        Processes.Result result = setup(withoutK3d, "--dry-run");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("k3d").contains("k3d.io").doesNotContain("kubectl:");

        ToolSandbox withNothing = ToolSandbox.create(home.resolve("b"), Set.of());
        Processes.Result nothing = setup(withNothing, "--dry-run");
        assertThat(nothing.exitCode()).isNotZero();
        assertThat(nothing.stderr()).contains("docker:", "k3d:", "kubectl:", "java:");
    }

    @Test
    void anUnknownArgumentIsRefused() {
        Processes.Result result = setup(ToolSandbox.create(home, ALL_TOOLS), "--dry-rnu");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("unknown argument: --dry-rnu");
    }

    @Test
    void localHandsItsArgumentsToTheLab() throws IOException {
        Path checkout = Files.createDirectories(home.resolve("checkout"));
        SetupScript.copyInto(checkout);
        Path lab = checkout.resolve("lab.sh");
        Files.writeString(lab, "#!/bin/sh\necho \"lab in $(pwd) with: $*\"\n");
        Files.setPosixFilePermissions(lab, PosixFilePermissions.fromString("rwxr-xr-x"));
        ToolSandbox sandbox = ToolSandbox.create(home.resolve("sandbox"), Set.of());

        Processes.Result result = run(sandbox, List.of("bash", checkout.resolve("setup.sh").toString(), "local", "--profile", "smoke"));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().trim()).isEqualTo("lab in " + checkout.toRealPath() + " with: --profile smoke");

        Files.delete(lab);
        Processes.Result missing = run(sandbox, List.of("bash", checkout.resolve("setup.sh").toString(), "local"));
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("lab.sh not found");
    }

    @Test
    void cleanupDeletesTheClusterOrOnlyTheNamespace() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        Processes.Result all = run(sandbox, List.of("bash", Repo.path("cleanup.sh").toString(), "--dry-run", "--images"));
        assertThat(all.exitCode()).as(all.describe()).isZero();
        assertThat(commands(all)).contains("k3d cluster delete assessment", "docker image rm loadproof/api-service:1.0.0",
                "docker image rm loadproof/writer-service:1.0.0");
        Processes.Result namespace = run(sandbox, List.of("bash", Repo.path("cleanup.sh").toString(), "--dry-run", "--keep-cluster"));
        assertThat(commands(namespace)).containsExactly(
                "kubectl --context k3d-assessment delete namespace assessment --ignore-not-found --wait --timeout=180s");
        assertThat(sandbox.calls()).isEmpty();
    }

    private Processes.Result setup(ToolSandbox sandbox, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", Repo.path("setup.sh").toString()));
        command.addAll(List.of(arguments));
        return run(sandbox, command);
    }

    /** Runs from an unrelated folder, so the scripts must find the repository themselves. */
    private Processes.Result run(ToolSandbox sandbox, List<String> command) {
        Map<String, String> environment = sandbox.environment();
        return Processes.run(command, sandbox.home(), environment, null, Duration.ofSeconds(60));
    }

    /** The printed commands, without their "+ " prefix. */
    static List<String> commands(Processes.Result result) {
        return result.stdout().lines().filter(line -> line.startsWith("+ ")).map(line -> line.substring(2)).toList();
    }

    private static int indexOf(List<String> commands, String fragment) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no command containing '" + fragment + "' in:\n" + String.join("\n", commands));
    }

    private static String only(List<String> commands, Predicate<String> filter) {
        List<String> matching = commands.stream().filter(filter).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
