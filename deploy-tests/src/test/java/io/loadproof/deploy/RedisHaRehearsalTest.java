package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.bson.Document;
import org.bson.types.ObjectId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.process.Directories;
import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.embedded.redis.RedisBinary;
import io.loadproof.embedded.redis.RedisConnections;
import io.loadproof.model.EnvironmentVariable;
import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedWrite;
import redis.clients.jedis.Jedis;

/**
 * The scripts of k8s/redis-ha/configmap.yaml on real processes, the way Kubernetes runs them: two
 * Redis nodes and three Sentinels, each under a loop that restarts it like a kubelet, named as the
 * cluster's DNS names them (a private /etc/hosts maps each name to its own 127.0.1.x address). Only
 * what differs from a pod is rewritten: the paths of the volumes and ConfigMaps, the address each
 * process binds, and the binaries' places ({@link #REWRITES}).
 *
 * Needs redis-cli (the scripts call it) and a private mount namespace for the hosts file (root, or
 * unprivileged user namespaces); without them it is skipped with the reason.
 */
class RedisHaRehearsalTest {

    private static final String PASSWORD = "rehearsal-secret";
    private static final String DOMAIN = "assessment.svc.cluster.local";
    private static final Map<String, String> ADDRESSES = Map.of(
            "redis-ha-0", "127.0.1.10", "redis-ha-1", "127.0.1.11",
            "redis-sentinel-0", "127.0.1.20", "redis-sentinel-1", "127.0.1.21", "redis-sentinel-2", "127.0.1.22");
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    private static final int REQUESTS_PER_STEP = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a pod has and this machine does not, per script: text of the script, its stand-in here. */
    private static final Map<String, Map<String, String>> REWRITES = Map.of(
            "start-redis.sh", Map.of(
                    "exec redis-server /etc/redis-ha/ha.conf", "exec \"$REDIS_SERVER\" \"$CONFIG/ha.conf\" --bind \"$IP\" --dir \"$DATA\"",
                    "/data/appendonlydir", "\"$DATA\"/appendonlydir"),
            "promotable.sh", Map.of("redis-cli --no-auth-warning", "redis-cli -h \"$IP\" --no-auth-warning"),
            "start-sentinel.sh", Map.of(
                    "conf=/data/sentinel.conf", "conf=\"$DATA\"/sentinel.conf",
                    "dir /data", "dir ${DATA}",
                    "nslookup", "getent hosts",
                    "exec redis-server \"$conf\" --sentinel", "exec \"$REDIS_SERVER\" \"$conf\" --sentinel --bind \"$IP\""));

    @TempDir
    Path root;

    private Process pods;

    @BeforeEach
    void startThePods() throws IOException {
        OptionalTool.REDIS_CLI.require();
        Path config = Files.createDirectories(root.resolve("config"));
        writeScripts(config);
        Path hosts = writeHosts();
        Path harness = Files.writeString(root.resolve("pods.sh"), harness());
        Processes.Result namespace = Processes.run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind " + hosts + " /etc/hosts && getent hosts redis-ha-0.redis-ha." + DOMAIN), root);
        Assumptions.assumeTrue(namespace.exitCode() == 0, "no private mount namespace here (unshare --mount needs root or user "
                + "namespaces): the k8s/redis-ha scripts are not rehearsed (skipped). " + namespace.stderr().strip());

        ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind " + hosts + " /etc/hosts && exec sh " + harness);
        builder.environment().putAll(Map.of("REDIS_SERVER", RedisBinary.locate().toString(), "CONFIG", config.toString(),
                "ROOT", root.toString(), "POD_NAMESPACE", "assessment", "REDIS_PASSWORD", PASSWORD, "REDISCLI_AUTH", PASSWORD));
        builder.redirectErrorStream(true).redirectOutput(root.resolve("pods.log").toFile());
        pods = builder.start();
    }

    /** Every process gone before the temporary folder is deleted under them. */
    @AfterEach
    void stopThePods() throws Exception {
        if (pods != null) {
            Files.writeString(root.resolve("stop"), "");
            List<ProcessHandle> all = new ArrayList<>(pods.descendants().toList());
            all.add(pods.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : all) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The packaged API and writer, with the settings setup.sh --redis-ha gives them (the Sentinels by
     * the short names of REDIS_HA_SENTINELS, the API's WAIT for one replica) and resolving names as
     * the pods do, under requests while the primary's machine is lost (its process killed, its
     * volume gone), twice in a row. Each time the Sentinels promote the replica and the services
     * follow it by the name it is announced under, without a restart; the lost node comes back
     * empty, waits instead of serving as an empty primary, syncs as a replica and only then becomes
     * promotable, which the second loss needs. Every request answered 200 is in MongoDB.
     */
    @Test
    void aLostPrimaryMachineLosesNoAcknowledgedRequestAndTheServicesFollow() throws Exception {
        awaitDeployed();
        int apiPort = FreePorts.next();
        int writerPort = FreePorts.next();
        try (MongoWireServer mongo = MongoWireServer.start(0, OptionalInt.empty());
                ManagedProcess api = service("api-service", apiPort, mongo,
                        Map.of(EnvironmentVariable.REDIS_MIN_REPLICAS.name(), SetupScript.variable("REDIS_HA_MIN_REPLICAS")));
                ManagedProcess writer = service("writer-service", writerPort, mongo, Map.of())) {
            api.start();
            writer.start();
            api.awaitHttp200("http://127.0.0.1:" + apiPort + "/readyz", Duration.ofSeconds(90));
            writer.awaitHttp200("http://127.0.0.1:" + writerPort + "/q/health/ready", Duration.ofSeconds(90));
            String data = "http://127.0.0.1:" + apiPort + "/api/data";
            Set<String> acknowledged = new HashSet<>();
            for (int i = 0; i < REQUESTS_PER_STEP; i++) {
                assertThat(request(data, acknowledged)).as("before the loss").isEqualTo(200);
            }

            Failover first = lose("redis-ha-0", "redis-ha-1", data, acknowledged);
            assertThat(Files.readString(root.resolve("redis-ha-0.log")))
                    .contains("named the primary but holding no data: waiting for the Sentinels to promote the replica");
            await("redis-ha-0 back as a synchronised replica every Sentinel may promote", () -> promotable("redis-ha-0"));
            Failover second = lose("redis-ha-1", "redis-ha-0", data, acknowledged);

            awaitStored(mongo, acknowledged, 3 * REQUESTS_PER_STEP);
            System.out.printf("[redis-ha] first loss: %s; second loss: %s; %d documents stored%n", first, second, acknowledged.size());
        }
    }

    record Failover(int refused, double secondsToFirst200) {

        @Override
        public String toString() {
            return String.format("%d requests answered 503, the first 200 %.1f s after it", refused, secondsToFirst200);
        }
    }

    /** Loses {@code pod}'s machine under requests until {@link #REQUESTS_PER_STEP} more are answered 200. */
    private Failover lose(String pod, String promoted, String data, Set<String> acknowledged) throws Exception {
        long lost = System.nanoTime();
        loseMachine(pod);
        int refused = 0;
        int answered = 0;
        long first200 = 0;
        while (answered < REQUESTS_PER_STEP) {
            assertThat(System.nanoTime() - lost).as(REQUESTS_PER_STEP + " requests answered 200 after the loss of " + pod
                    + " within " + FAILOVER + "\n" + logs()).isLessThan(FAILOVER.toNanos());
            int status = request(data, acknowledged);
            assertThat(status).as("a 200 or a fast 503").isIn(200, 503);
            if (status == 200) {
                first200 = answered++ == 0 ? System.nanoTime() : first200;
            } else {
                refused++;
                Thread.sleep(50);
            }
        }
        assertThat(primary()).isEqualTo(promoted);
        assertThat(refused).as("the API refused while no replica could acknowledge").isPositive();
        return new Failover(refused, (first200 - lost) / 1e9);
    }

    private ManagedProcess service(String name, int port, MongoWireServer mongo, Map<String, String> settings) {
        Path jar = Repo.path(name + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as(name + " is packaged (the reactor builds it before this module)").exists();
        Map<String, String> environment = new HashMap<>(settings);
        environment.put(EnvironmentVariable.PORT.name(), String.valueOf(port));
        environment.put(EnvironmentVariable.REDIS_CLIENT_TYPE.name(), "sentinel");
        environment.put(EnvironmentVariable.REDIS_MASTER_NAME.name(), SetupScript.variable("REDIS_HA_MASTER_NAME"));
        environment.put(EnvironmentVariable.REDIS_URL.name(), SetupScript.variable("REDIS_HA_SENTINELS"));
        environment.put(EnvironmentVariable.REDIS_PASSWORD.name(), PASSWORD);
        environment.put(EnvironmentVariable.MONGO_URI.name(), mongo.connectionString());
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind " + root.resolve("hosts") + " /etc/hosts && exec \"$0\" \"$@\""));
        command.addAll(ManagedProcess.javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())));
        return new ManagedProcess(name, command, environment, root.resolve(name + ".log"));
    }

    /** GET /api/data: its status; the ids of a 200's writes join {@code acknowledged}. */
    private static int request(String url, Set<String> acknowledged) throws IOException {
        HttpResponse<String> response = ManagedProcess.get(url);
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() == 200) {
            body.path("writes").forEach(id -> acknowledged.add(id.asText()));
        } else {
            assertThat(body.path("status").asText()).as(response.body()).isEqualTo("error");
        }
        return response.statusCode();
    }

    private void awaitStored(MongoWireServer mongo, Set<String> acknowledged, int requests) throws IOException, InterruptedException {
        assertThat(acknowledged).hasSize(requests * QueuedWrite.DOCUMENTS_PER_REQUEST);
        List<ObjectId> ids = acknowledged.stream().map(ObjectId::new).toList();
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> records = client.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
            await("every acknowledged document in MongoDB", () -> records.countDocuments(Filters.in(MongoNames.ID, ids)) == ids.size());
        }
    }

    private void awaitDeployed() throws IOException, InterruptedException {
        await("the Sentinels name redis-ha-0 and may promote redis-ha-1", () -> "redis-ha-0".equals(primary())
                && promotable("redis-ha-1"));
    }

    private void writeScripts(Path config) throws IOException {
        Files.writeString(config.resolve("redis.conf"), ClusterRedis.conf().replace("dir /data", "dir " + root));
        Files.writeString(config.resolve("ha.conf"),
                RedisHaFilesTest.script("ha.conf").replace("/etc/redis/redis.conf", config.resolve("redis.conf").toString()));
        for (Map.Entry<String, Map<String, String>> script : REWRITES.entrySet()) {
            String text = RedisHaFilesTest.script(script.getKey());
            for (Map.Entry<String, String> rewrite : script.getValue().entrySet()) {
                assertThat(text).as(script.getKey() + " still has what the rehearsal rewrites").contains(rewrite.getKey());
                text = text.replace(rewrite.getKey(), rewrite.getValue());
            }
            Files.writeString(config.resolve(script.getKey()), text);
        }
    }

    private Path writeHosts() throws IOException {
        StringBuilder hosts = new StringBuilder(Files.readString(Path.of("/etc/hosts"))).append('\n');
        // The full name the Sentinels announce, and the short one REDIS_HA_SENTINELS uses.
        ADDRESSES.forEach((pod, address) -> {
            String name = pod + "." + pod.replaceAll("-\\d+$", "");
            hosts.append(address).append(' ').append(name).append('.').append(DOMAIN).append(' ').append(name).append('\n');
        });
        return Files.writeString(root.resolve("hosts"), hosts);
    }

    /** Each pod under a restart loop; a Redis node's volume is recreated empty when the test deleted it. */
    private static String harness() {
        StringBuilder script = new StringBuilder("""
                pod() {
                  while [ ! -e "$ROOT/stop" ]; do
                    mkdir -p "$ROOT/$1"
                    POD_NAME=$1 IP=$3 DATA="$ROOT/$1" sh "$CONFIG/$2" >>"$ROOT/$1.log" 2>&1
                    sleep 1
                  done
                }
                """);
        for (String pod : List.of("redis-ha-0", "redis-ha-1")) {
            script.append("pod ").append(pod).append(" start-redis.sh ").append(ADDRESSES.get(pod)).append(" &\n");
            script.append("IP=").append(ADDRESSES.get(pod)).append(" sh \"$CONFIG/promotable.sh\" >>\"$ROOT/").append(pod)
                    .append("-promotable.log\" 2>&1 &\n");
        }
        for (String pod : List.of("redis-sentinel-0", "redis-sentinel-1", "redis-sentinel-2")) {
            script.append("pod ").append(pod).append(" start-sentinel.sh ").append(ADDRESSES.get(pod)).append(" &\n");
        }
        return script.append("wait\n").toString();
    }

    /** The machine is gone: its volume deleted, its process killed; its pod starts again on a new, empty volume. */
    private void loseMachine(String pod) throws IOException {
        long pid;
        try (Jedis node = node(pod)) {
            String info = String.valueOf(RedisConnections.command(node, "INFO", "server"));
            pid = Long.parseLong(info.replaceAll("(?s).*process_id:(\\d+).*", "$1"));
        }
        Directories.deleteTree(root.resolve(pod));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private String primary() {
        for (String sentinel : List.of("redis-sentinel-0", "redis-sentinel-1", "redis-sentinel-2")) {
            try (Jedis connection = RedisConnections.connect(ADDRESSES.get(sentinel), 26379, PASSWORD)) {
                Object reply = RedisConnections.command(connection, "SENTINEL", "get-master-addr-by-name", "mymaster");
                if (reply instanceof List<?> address && !address.isEmpty()) {
                    return String.valueOf(address.get(0)).replace(".redis-ha." + DOMAIN, "");
                }
            } catch (RuntimeException notYet) {
                // that Sentinel is not up: ask the next
            }
        }
        return null;
    }

    /**
     * Every Sentinel sees the node with replica-priority 100 ("slave-priority" in its reply). The
     * node's own setting is not enough: a Sentinel reads it with INFO every 10 s, and a failover in
     * between finds no replica it may promote and waits 2 x failover-timeout before trying again (it
     * happened in CI).
     */
    private boolean promotable(String pod) {
        for (String sentinel : List.of("redis-sentinel-0", "redis-sentinel-1", "redis-sentinel-2")) {
            try (Jedis connection = RedisConnections.connect(ADDRESSES.get(sentinel), 26379, PASSWORD)) {
                List<?> replicas = (List<?>) RedisConnections.command(connection, "SENTINEL", "replicas", "mymaster");
                boolean seen = replicas.stream().map(replica -> (List<?>) replica)
                        .anyMatch(fields -> String.valueOf(fields.get(fields.indexOf("name") + 1)).startsWith(pod + ".")
                                && "100".equals(fields.get(fields.indexOf("slave-priority") + 1)));
                if (!seen) {
                    return false;
                }
            } catch (RuntimeException notYet) {
                return false;
            }
        }
        return true;
    }

    private static Jedis node(String pod) {
        return RedisConnections.connect(ADDRESSES.get(pod), 6379, PASSWORD);
    }

    private void await(String what, Supplier<Boolean> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + FAILOVER.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + FAILOVER + ": " + what + "\n" + logs());
            }
            Thread.sleep(200);
        }
    }

    private String logs() throws IOException {
        List<String> parts = new ArrayList<>();
        try (var files = Files.list(root)) {
            for (Path log : files.filter(file -> file.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                parts.add("--- " + log.getFileName() + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        }
        return String.join("\n", parts);
    }
}
