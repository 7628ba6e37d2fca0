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
 * logging stubs (or absent): --dry-run must print the whole bring-up of a fresh machine in
 * dependency order and call none of them; a real run against stubs that answer as an existing
 * cluster would shows what setup.sh checks and reports there.
 */
class SetupScriptTest {

    static final Set<String> ALL_TOOLS = Set.of("docker", "k3d", "kubectl", "java", "javac");
    private static final String JAVA_17 = "echo 'openjdk version \"17.0.15\" 2025-04-15' >&2";
    /** docker info --format '{{.NCPU}} {{.MemTotal}}' of a 4-core, 8 GiB host. */
    private static final String ROOMY_HOST = "4 8589934592";

    @TempDir
    Path home;

    @Test
    void dryRunPrintsTheBringUpInDependencyOrderAndRunsNothing() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        Processes.Result result = setup(sandbox, "--dry-run");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(sandbox.calls()).as("tools called during a dry run").isEmpty();

        List<String> commands = commands(result);
        int cluster = indexOf(commands, "k3d cluster create assessment --port 80:80@loadbalancer --agents 2 "
                + "--lb-config-override settings.workerConnections=");
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

    /** A dry run is for reading the plan on any machine: without the tools it names them and prints it all. */
    @Test
    void dryRunPrintsTheWholePlanOnAMachineWithoutTheTools() {
        ToolSandbox bare = ToolSandbox.create(home, Set.of());
        Processes.Result result = setup(bare, "--dry-run");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("dry run: not on this machine", "docker: install Docker", "k3d: install k3d 5.x",
                "kubectl: install kubectl", "java: no JDK", jdkInstallCommand());
        assertThat(commands(result)).anyMatch(command -> command.startsWith("k3d cluster create assessment")
                && command.contains("--lb-config-override settings.workerConnections="))
                .anyMatch(command -> command.startsWith("./mvnw "))
                .anyMatch(command -> command.startsWith("k3d image import "))
                .anyMatch(command -> command.endsWith("apply -f k8s/writer/"))
                .anyMatch(command -> command.contains("rollout status deployment/writer-service"))
                .anyMatch(command -> command.contains("rollout status deployment/traefik"));
    }

    @Test
    void aRealRunStopsAtOnceNamingTheMissingToolAndHowToGetIt() {
        ToolSandbox withoutK3d = ToolSandbox.create(home.resolve("a"), Set.of("docker", "kubectl", "javac")).stub("java", JAVA_17);
        Processes.Result result = setup(withoutK3d);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("missing: k3d: install k3d 5.x (https://k3d.io/#installation)")
                .doesNotContain("kubectl:", "docker:", "java:");
        assertThat(withoutK3d.calls()).as("nothing but the JDK's version was asked").containsExactly("java -version");
    }

    @Test
    void withoutAJdkARealRunStopsBeforeTheClusterWithTheInstallCommand() {
        ToolSandbox noJava = ToolSandbox.create(home.resolve("a"), Set.of("docker", "k3d", "kubectl"));
        Processes.Result result = setup(noJava);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("java: no JDK", "a JDK 17 or newer: " + jdkInstallCommand());
        assertThat(noJava.calls()).isEmpty();

        ToolSandbox oldJava = ToolSandbox.create(home.resolve("b"), Set.of("docker", "k3d", "kubectl", "javac"))
                .stub("java", "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2");
        Processes.Result old = setup(oldJava);
        assertThat(old.exitCode()).isNotZero();
        assertThat(old.stderr()).contains("is Java 11", jdkInstallCommand());
        assertThat(oldJava.calls()).containsExactly("java -version");

        Processes.Result skipped = setup(ToolSandbox.create(home.resolve("c"), Set.of("docker", "k3d", "kubectl")), "--dry-run",
                "--skip-build");
        assertThat(skipped.stdout()).as("--skip-build needs no JDK").doesNotContain("java:");
    }

    /** printf reuses its format for extra arguments: each missing tool must still get a line of its own. */
    @Test
    void twoMissingToolsAreTwoClearLines() {
        ToolSandbox sandbox = ToolSandbox.create(home, Set.of("kubectl", "javac")).stub("java", JAVA_17);
        Processes.Result result = setup(sandbox);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr().lines().toList()).containsExactly(
                "setup.sh: missing: docker: install Docker (https://docs.docker.com/get-docker/)",
                "setup.sh: missing: k3d: install k3d 5.x (https://k3d.io/#installation)");

        Processes.Result cleanup = run(ToolSandbox.create(home.resolve("cleanup"), Set.of()),
                List.of("bash", Repo.path("cleanup.sh").toString(), "--images"));
        assertThat(cleanup.stderr().lines().toList()).containsExactly(
                "cleanup.sh: missing: k3d: install k3d 5.x (https://k3d.io/#installation)");
    }

    /** --skip-build with an image missing stops before k3d is asked anything: no cluster created or started for nothing. */
    @Test
    void skipBuildChecksTheImagesBeforeTheCluster() {
        ToolSandbox sandbox = existingCluster(home, ROOMY_HOST, 32768).stub("docker", """
                case "$*" in
                  "info --format "*) echo '4 8589934592' ;;
                  "image inspect loadproof/writer-service:1.0.0") exit 1 ;;
                esac""");
        Processes.Result result = setup(sandbox, "--skip-build");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("image loadproof/writer-service:1.0.0 is not in the local Docker",
                "nothing was created or started");
        assertThat(sandbox.calls()).noneMatch(call -> call.startsWith("k3d ") || call.startsWith("kubectl "))
                .contains("docker image inspect loadproof/api-service:1.0.0");

        List<String> plan = commands(setup(ToolSandbox.create(home.resolve("dry"), ALL_TOOLS), "--dry-run", "--skip-build"));
        assertThat(indexOf(plan, "docker image inspect loadproof/writer-service:1.0.0"))
                .isLessThan(indexOf(plan, "k3d cluster get assessment"));
    }

    @Test
    void theNativeBuildCapsNativeImagesHeapAndTheDocsSayWhatDockerNeeds() {
        String build = only(commands(setup(ToolSandbox.create(home, ALL_TOOLS), "--dry-run")), command -> command.startsWith("./mvnw "));
        long xmx = SetupScript.number("NATIVE_IMAGE_XMX_GIB");
        long docker = SetupScript.number("NATIVE_BUILD_DOCKER_GIB");
        assertThat(build).contains("-Dquarkus.native.native-image-xmx=" + xmx + "g");
        assertThat(docker).isGreaterThan(xmx);
        for (String text : List.of(Repo.read("README.md"), Repo.read("docs/kubernetes.md"))) {
            assertThat(text.replaceAll("\\s+", " ")).contains("Docker needs " + docker + " GiB", "native-image-xmx=" + xmx + "g",
                    "`./setup.sh --jvm`");
        }
    }

    /** A failed native build ends with its cause, read from the Maven output, and the exact --jvm command. */
    @Test
    void aFailedNativeBuildEndsWithTheCauseAndTheJvmCommand() throws IOException {
        String outOfMemory = nativeBuildFailure("oom", "[ERROR] Caused by: java.lang.RuntimeException: Image generation failed. "
                + "Exit code was 137 which indicates an out of memory error.");
        assertThat(outOfMemory).contains("the native build failed: native-image ran out of memory",
                "Docker needs " + SetupScript.number("NATIVE_BUILD_DOCKER_GIB") + " GiB", "has 8.00 GiB")
                .endsWith("Build them instead:\n  ./setup.sh --jvm\n");
        String builder = nativeBuildFailure("builder", "[ERROR] Failed to pull builder image "
                + "'quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21'");
        assertThat(builder).contains("could not pull the native builder image").endsWith("  ./setup.sh --jvm\n");
        String other = nativeBuildFailure("other", "[ERROR] COMPILATION ERROR");
        assertThat(other).contains("see the first [ERROR] lines").endsWith("  ./setup.sh --jvm\n");
    }

    /** Runs setup.sh of a checkout whose ./mvnw prints {@code output} and fails; returns its standard error. */
    private String nativeBuildFailure(String name, String output) throws IOException {
        Path checkout = Files.createDirectories(home.resolve(name).resolve("checkout"));
        SetupScript.copyInto(checkout);
        Path printed = Files.writeString(home.resolve(name).resolve("maven-output.txt"), output + "\n");
        Path mvnw = checkout.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\ncat '" + printed + "'\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        ToolSandbox cluster = existingCluster(home.resolve(name).resolve("sandbox"), ROOMY_HOST, 32768).stub("java", JAVA_17);
        Processes.Result result = run(cluster, Map.of(), List.of("bash", checkout.resolve("setup.sh").toString()));
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout()).as("the Maven output stays on screen").contains(output);
        assertThat(cluster.calls()).noneMatch(call -> call.startsWith("k3d image import"));
        return result.stderr();
    }

    /** 10,000 users are 20,000 nginx connections (client side and cluster side), all on one worker at worst. */
    @Test
    void theClusterIsCreatedWithALoadBalancerThatCarriesTenThousandUsers() {
        long limit = SetupScript.number("LB_WORKER_CONNECTIONS");
        assertThat(limit).isGreaterThanOrEqualTo(2 * 10_000 + 1024);
        String create = only(commands(setup(ToolSandbox.create(home, ALL_TOOLS), "--dry-run")),
                command -> command.startsWith("k3d cluster create "));
        assertThat(create).contains("--lb-config-override settings.workerConnections=" + limit);
    }

    @Test
    void anExistingClusterWithALowerLoadBalancerLimitIsReportedWithTheCommandThatFixesIt() {
        ToolSandbox low = existingCluster(home.resolve("low"), ROOMY_HOST, 1024);
        Processes.Result result = setup(low, "--skip-build");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(low.calls()).contains("docker exec k3d-assessment-serverlb cat /etc/nginx/nginx.conf")
                .noneMatch(call -> call.startsWith("k3d cluster create"));
        assertThat(result.stderr()).contains("allows 1024 connections per worker", "10,000 k6 users need 32768",
                "\n  k3d cluster delete assessment && ./setup.sh\n");

        ToolSandbox right = existingCluster(home.resolve("right"), ROOMY_HOST, 32768);
        Processes.Result fine = setup(right, "--skip-build");
        assertThat(fine.exitCode()).as(fine.describe()).isZero();
        assertThat(fine.stderr()).doesNotContain("warning");
        assertThat(fine.stdout()).contains("32768 connections per nginx worker");
    }

    @Test
    void aDockerHostSmallerThanTheRequestsIsWarnedWithTheNumbers() {
        Processes.Result fewCpus = setup(existingCluster(home.resolve("cpus"), "2 17179869184", 32768), "--skip-build");
        assertThat(fewCpus.exitCode()).as(fewCpus.describe()).isZero();
        assertThat(fewCpus.stderr()).contains("warning: Docker has 2 CPUs and 16.00 GiB", "4 CPUs / 8 GiB",
                "requests at the HPA minimum: 2.15 CPUs, 4.25 GiB", "12 CPUs / 18 GiB", "11.15 CPUs, 15.50 GiB");
        Processes.Result littleMemory = setup(existingCluster(home.resolve("memory"), "8 4102029312", 32768), "--skip-build");
        assertThat(littleMemory.stderr()).contains("warning: Docker has 8 CPUs and 3.82 GiB");

        Processes.Result eightGibVm = setup(existingCluster(home.resolve("vm"), "4 8232062976", 32768), "--skip-build");
        assertThat(eightGibVm.stderr()).as("a VM of 8 GiB reports a little less").doesNotContain("warning");
        assertThat(eightGibVm.stdout()).contains("the Docker host has 4 CPUs and 7.66 GiB");
    }

    /** The HPA owns the API's replica count: a re-run applies the manifests and scales nothing. */
    @Test
    void aReRunWhileTheHpaHasScaledTheApiLeavesItsReplicasAlone() {
        ToolSandbox cluster = existingCluster(home, ROOMY_HOST, 32768);
        Processes.Result result = setup(cluster, "--skip-build");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(cluster.calls()).contains("kubectl --context k3d-assessment --namespace assessment apply -f k8s/api/")
                .noneMatch(call -> call.contains(" scale ") || call.contains("--replicas") || call.contains(" patch "));
        assertThat(Manifests.deployment(WiringTest.API).getSpec().getReplicas())
                .as("k8s/api/deployment.yaml has no replicas: applying it leaves the HPA's count").isNull();
    }

    /**
     * --redis-ha applies the Sentinel topology instead of the one Redis (but for the ConfigMap the
     * nodes include), waits for both StatefulSets before the services, and hands both services the
     * Sentinels' addresses in the manifest they apply, the API also its WAIT for one replica.
     */
    @Test
    void redisHaDeploysTheSentinelsAndPointsBothServicesAtThem() {
        Processes.Result result = setup(ToolSandbox.create(home, ALL_TOOLS), "--dry-run", "--redis-ha");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<String> commands = commands(result);
        int configMap = indexOf(commands, "apply -f k8s/redis/configmap.yaml");
        int topology = indexOf(commands, "apply -f k8s/redis-ha/");
        int nodesReady = indexOf(commands, "rollout status statefulset/redis-ha ");
        int sentinelsReady = indexOf(commands, "rollout status statefulset/redis-sentinel ");
        int api = indexOf(commands, "set env --local -f k8s/api/deployment.yaml ");
        int writer = indexOf(commands, "set env --local -f k8s/writer/deployment.yaml ");
        assertThat(List.of(configMap, topology, nodesReady, sentinelsReady, api, writer)).isSorted();
        assertThat(commands).noneMatch(command -> command.endsWith("apply -f k8s/redis/") || command.contains("deployment/redis ")
                || command.endsWith("apply -f k8s/api/") || command.endsWith("apply -f k8s/writer/"));

        String sentinels = "REDIS_URL=" + SetupScript.variable("REDIS_HA_SENTINELS");
        assertThat(commands.get(api)).contains("REDIS_CLIENT_TYPE=sentinel", "REDIS_MASTER_NAME=mymaster", sentinels,
                "REDIS_MIN_REPLICAS=1").endsWith("| kubectl --context k3d-assessment --namespace assessment apply -f -");
        assertThat(commands.get(writer)).contains("REDIS_CLIENT_TYPE=sentinel", "REDIS_MASTER_NAME=mymaster", sentinels)
                .doesNotContain("REDIS_MIN_REPLICAS");
        assertThat(result.stdout()).contains("exec redis-sentinel-0 -- redis-cli -p 26379 SENTINEL get-master-addr-by-name mymaster")
                .contains("requests at the HPA minimum: 2.82 CPUs, 6.87 GiB");
    }

    /** The queue lives in one topology's volumes: setup.sh never moves a namespace to the other one. */
    @Test
    void aNamespaceIsNeverSwitchedBetweenRedisTopologies() {
        ToolSandbox single = existingCluster(home.resolve("single"), ROOMY_HOST, 32768);
        Processes.Result toHa = setup(single, "--skip-build", "--redis-ha");
        assertThat(toHa.exitCode()).as(toHa.describe()).isNotZero();
        assertThat(toHa.stderr()).contains("runs deployment/redis", "./cleanup.sh --keep-cluster and ./setup.sh --redis-ha");
        assertThat(single.calls()).noneMatch(call -> call.contains(" apply "));

        ToolSandbox ha = existingCluster(home.resolve("ha"), ROOMY_HOST, 32768, "  *\" get statefulset/redis-ha\") exit 0 ;;");
        Processes.Result toSingle = setup(ha, "--skip-build");
        assertThat(toSingle.exitCode()).as(toSingle.describe()).isNotZero();
        assertThat(toSingle.stderr()).contains("runs statefulset/redis-ha", "./setup.sh without --redis-ha");
        assertThat(ha.calls()).noneMatch(call -> call.contains(" apply "));
    }

    /** Two Redis nodes and three Sentinels take more than the 8 GiB host of one Redis: setup.sh says so. */
    @Test
    void redisHaWantsTheLargerHost() {
        String ha = "  *\" get statefulset/redis-ha\") exit 0 ;;\n  *\" get deployment/redis\") exit 1 ;;";
        Processes.Result eightGib = setup(existingCluster(home.resolve("ha"), "4 8232062976", 32768, ha), "--skip-build", "--redis-ha");
        assertThat(eightGib.exitCode()).as(eightGib.describe()).isZero();
        assertThat(eightGib.stderr()).contains("the platform wants 4 CPUs / 10 GiB", "13 CPUs / 20 GiB once the HPA reaches 100 API pods");
        assertThat(eightGib.stdout()).as("MongoDB's 36.6 GB and two Redis volumes of 8 GiB").contains("a whole judge run needs 53.8 GB");
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

    /** ./lab.sh --help answers at once: the build (./mvnw) and java are not started for it. */
    @Test
    void labHelpPrintsAtOnceWithoutBuilding() throws IOException {
        Path checkout = Files.createDirectories(home.resolve("checkout"));
        Files.copy(Repo.path("lab.sh"), checkout.resolve("lab.sh"));
        Path built = checkout.resolve("built");
        Path mvnw = checkout.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\ntouch '" + built + "'\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        ToolSandbox sandbox = ToolSandbox.create(home.resolve("sandbox"), Set.of("java"));
        for (List<String> arguments : List.of(List.of("--help"), List.of("-h"), List.of("faults", "--help"),
                List.of("--profile", "smoke", "--help"))) {
            List<String> command = new ArrayList<>(List.of("bash", checkout.resolve("lab.sh").toString()));
            command.addAll(arguments);
            Processes.Result result = run(sandbox, command);
            assertThat(result.exitCode()).as(arguments + ": " + result.describe()).isZero();
            assertThat(result.stdout()).as(String.valueOf(arguments)).contains("./lab.sh [--profile smoke|lab|full]", "SKIP_BUILD=true")
                    .doesNotContain("#!/usr/bin/env bash").doesNotContain("==> Building");
        }
        assertThat(built).as("./mvnw was not run").doesNotExist();
        assertThat(sandbox.calls()).as("java was not run").isEmpty();

        Processes.Result build = run(sandbox, List.of("bash", checkout.resolve("lab.sh").toString(), "--profile", "smoke"));
        assertThat(build.exitCode()).as("without --help the build comes first (here a failing one)").isNotZero();
        assertThat(built).exists();
    }

    @Test
    void cleanupDeletesTheClusterOrOnlyTheNamespace() {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS);
        Processes.Result all = run(sandbox, List.of("bash", Repo.path("cleanup.sh").toString(), "--dry-run", "--images"));
        assertThat(all.exitCode()).as(all.describe()).isZero();
        assertThat(commands(all)).contains("k3d cluster delete assessment", "docker image rm loadproof/api-service:1.0.0",
                "docker image rm loadproof/writer-service:1.0.0");
        Processes.Result namespace = run(sandbox, List.of("bash", Repo.path("cleanup.sh").toString(), "--dry-run", "--keep-cluster"));
        // The monitoring of setup.sh --monitoring goes too (MonitoringFilesTest checks it names every object).
        assertThat(commands(namespace)).endsWith(
                "kubectl --context k3d-assessment delete namespace monitoring --ignore-not-found --wait --timeout=180s",
                "kubectl --context k3d-assessment delete namespace assessment --ignore-not-found --wait --timeout=180s");
        assertThat(sandbox.calls()).isEmpty();
    }

    /** Free KiB that df reports for Docker's root directory in {@link #existingCluster}: 100 GB. */
    static final long ROOMY_DISK_KIB = 100_000_000_000L / 1024;
    static final String DOCKER_ROOT = "/var/lib/docker";

    /**
     * Stubs that answer as a running cluster "assessment" would: it exists, its load balancer's
     * nginx.conf has {@code workerConnections}, docker info reports {@code dockerInfo} and the root
     * directory {@value #DOCKER_ROOT}, df reports a roomy disk there, every image, Secret and rollout
     * is there, metrics-server is available, and nothing of the original assessment's app is left.
     */
    static ToolSandbox existingCluster(Path home, String dockerInfo, int workerConnections) {
        return existingCluster(home, dockerInfo, workerConnections, ROOMY_DISK_KIB, "");
    }

    /** The same, with {@code kubectlCases} ({@code pattern) answer ;;} lines) tried first by the kubectl stub. */
    static ToolSandbox existingCluster(Path home, String dockerInfo, int workerConnections, String kubectlCases) {
        return existingCluster(home, dockerInfo, workerConnections, ROOMY_DISK_KIB, kubectlCases);
    }

    /** The same, with df reporting {@code freeKib} (a negative value: df fails, as for a folder not on this machine). */
    static ToolSandbox existingCluster(Path home, String dockerInfo, int workerConnections, long freeKib) {
        return existingCluster(home, dockerInfo, workerConnections, freeKib, "");
    }

    static ToolSandbox existingCluster(Path home, String dockerInfo, int workerConnections, long freeKib,
            String kubectlCases) {
        ToolSandbox sandbox = ToolSandbox.create(home, ALL_TOOLS)
                .stub("docker", """
                        case "$*" in
                          "info --format {{.NCPU}} {{.MemTotal}}") echo '%s' ;;
                          "info --format {{.DockerRootDir}}") echo '%s' ;;
                          "exec k3d-assessment-serverlb cat /etc/nginx/nginx.conf")
                            printf 'worker_processes auto;\\nevents {\\n  worker_connections %d;\\n}\\n' ;;
                        esac""".formatted(dockerInfo, DOCKER_ROOT, workerConnections))
                .stub("kubectl", """
                        case "$*" in
                        %s
                          *" get apiservice v1beta1.metrics.k8s.io "*) printf True ;;
                          *" get statefulset/redis-ha") exit 1 ;;
                        esac""".formatted(kubectlCases));
        return sandbox.stub("df", freeKib < 0 ? "echo \"df: $2: No such file or directory\" >&2; exit 1" : """
                [ "$*" = "-Pk %s" ] || exit 1
                echo 'Filesystem     1024-blocks      Used Available Capacity Mounted on'
                echo '/dev/vda1      %d %d %d 50%% /'""".formatted(DOCKER_ROOT, 2 * freeKib, freeKib, freeKib));
    }

    /** The command setup.sh prints for installing a JDK on this machine (it reads /etc/os-release). */
    private static String jdkInstallCommand() {
        try {
            Path release = Path.of("/etc/os-release");
            String ids = Files.isReadable(release) ? Files.readString(release) : "";
            if (ids.matches("(?s).*\\bID(_LIKE)?=\"?[^\n]*\\b(debian|ubuntu)\\b.*")) {
                return "sudo apt-get install -y openjdk-17-jdk-headless";
            }
            if (ids.matches("(?s).*\\bID(_LIKE)?=\"?[^\n]*\\b(fedora|rhel|centos)\\b.*")) {
                return "sudo dnf install -y java-17-openjdk-devel";
            }
            return "a JDK 17 or newer";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Processes.Result setup(ToolSandbox sandbox, String... arguments) {
        return setup(sandbox, Map.of(), arguments);
    }

    /** setup.sh with {@code environment} added to the sandbox's. */
    static Processes.Result setup(ToolSandbox sandbox, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", Repo.path("setup.sh").toString()));
        command.addAll(List.of(arguments));
        return run(sandbox, environment, command);
    }

    private static Processes.Result run(ToolSandbox sandbox, List<String> command) {
        return run(sandbox, Map.of(), command);
    }

    /** Runs from an unrelated folder, so the scripts must find the repository themselves. */
    static Processes.Result run(ToolSandbox sandbox, Map<String, String> extra, List<String> command) {
        Map<String, String> environment = sandbox.environment();
        environment.putAll(extra);
        return Processes.run(command, sandbox.home(), environment, null, Duration.ofSeconds(60));
    }

    /** The printed commands, without their "+ " prefix. */
    static List<String> commands(Processes.Result result) {
        return result.stdout().lines().filter(line -> line.startsWith("+ ")).map(line -> line.substring(2)).toList();
    }

    static int indexOf(List<String> commands, String fragment) {
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
