package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

import io.loadproof.embedded.redis.RedisConnections;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.EnvironmentVariable;
import io.loadproof.model.RedisKeys;
import io.loadproof.model.samples.SampleWrites;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * docs/kubernetes.md and the README's Kubernetes part name what the code names: every variable,
 * the stream, group and keys, and the figures setup.sh, the manifests and the k6 script use.
 */
class DocsTest {

    private final String docs = Repo.read("docs/kubernetes.md");
    private final String readme = Repo.read("README.md");

    @Test
    void theConfigurationTableHasARowPerEnvironmentName() {
        for (EnvironmentVariable variable : EnvironmentVariable.values()) {
            assertThat(docs).as("configuration table row for " + variable)
                    .containsPattern("(?m)^\\| `" + variable.name() + "` \\|");
        }
    }

    @Test
    void theRunbookUsesTheRealStreamGroupAndKeys() {
        assertThat(docs).contains(
                "XLEN " + RedisKeys.WRITE_STREAM,
                "XPENDING " + RedisKeys.WRITE_STREAM + " " + RedisKeys.WRITER_GROUP,
                "XRANGE " + RedisKeys.DEAD_LETTER_STREAM + " - +",
                "2 " + RedisKeys.WRITE_STREAM + " " + RedisKeys.DEAD_LETTER_STREAM,
                "'" + RedisKeys.ENTRY_FIELD + "', payload",
                RedisKeys.READ_CACHE_KEY,
                RedisKeys.IOPS_BUDGET_KEY,
                "/api/admin/cache/flush",
                "scale deployment/writer-service --replicas=");
    }

    @Test
    void theHostSizesAreTheManifestsRequests() {
        var hpa = Manifests.named(HorizontalPodAutoscaler.class, WiringTest.API).getSpec();
        for (String text : List.of(docs, readme)) {
            assertThat(text).contains(figures(HostSizeTest.requests(hpa.getMinReplicas())),
                    figures(HostSizeTest.requests(hpa.getMaxReplicas())),
                    SetupScript.number("HOST_CPUS") + " CPUs / " + SetupScript.number("HOST_MEMORY_GIB") + " GiB",
                    SetupScript.number("HOST_CPUS_AT_HPA_MAX") + " CPUs / " + SetupScript.number("HOST_MEMORY_GIB_AT_HPA_MAX") + " GiB");
        }
    }

    @Test
    void theLoadBalancerSettingAndTheK6UlimitAreSetupsValues() {
        for (String text : List.of(docs, readme)) {
            assertThat(text).contains("--lb-config-override settings.workerConnections=" + SetupScript.number("LB_WORKER_CONNECTIONS"),
                    "ulimit -n " + SetupScript.number("K6_OPEN_FILES"));
        }
        assertThat(docs).contains("DefaultLoadbalancerWorkerConnections", SetupScript.variable("LB_CONTAINER")
                .replace("${CLUSTER}", SetupScript.variable("CLUSTER")) + " grep worker_connections /etc/nginx/nginx.conf",
                "k3d cluster delete assessment && ./setup.sh");
    }

    @Test
    void durabilityIsDescribedAsRedisIsConfigured() {
        String conf = ClusterRedis.conf();
        Matcher fsync = Pattern.compile("(?m)^appendfsync (\\S+)$").matcher(conf);
        Matcher maxmemory = Pattern.compile("(?m)^maxmemory (\\S+)$").matcher(conf);
        assertThat(fsync.find() && maxmemory.find()).isTrue();
        assertThat(docs).contains("appendfsync " + fsync.group(1), "maxmemory " + maxmemory.group(1), "2,000 dead letters")
                .doesNotContain("everysec");
        assertThat(readme).doesNotContain("everysec");
    }

    @Test
    void everyVariableTheK6ScriptReadsIsDocumented() {
        Matcher read = Pattern.compile("__ENV\\.([A-Z_]+)").matcher(Repo.read("stress-test/stress-test.js"));
        List<String> names = new java.util.ArrayList<>();
        while (read.find()) {
            names.add(read.group(1));
        }
        assertThat(names).contains("BASE_URL", "LOADPROOF_PROFILE", "VERBOSE");
        for (String name : names) {
            assertThat(docs).as("docs/kubernetes.md documents " + name).contains("`" + name + "`");
        }
        assertThat(docs).contains("--summary-export");
        assertThat(readme).contains("--summary-export", "LOADPROOF_PROFILE", "VERBOSE=true");
    }

    @Test
    void theShutdownFiguresAreTheManifests() {
        var pod = Manifests.deployment(WiringTest.API).getSpec().getTemplate().getSpec();
        var readiness = Manifests.container(WiringTest.API).getReadinessProbe();
        assertThat(docs).contains("terminationGracePeriodSeconds: " + pod.getTerminationGracePeriodSeconds(),
                "every " + readiness.getPeriodSeconds() + " s, out after " + readiness.getFailureThreshold() + " failures",
                "quarkus.shutdown.delay-enabled=true", "SHUTDOWN_DELAY");
    }

    @Test
    void theRequestPathGivesTheSizeOfTheApisEntry() {
        int bytes = SampleWrites.entry(SampleWrites.newRequest(Instant.now())).length();

        assertThat(docs).contains("their payloads (" + bytes + " bytes)", "by a seed the writer generates them from ("
                + bytes + " bytes)");
    }

    /** "2.15 CPUs, 2.75 GiB", as setup.sh prints it. */
    private static String figures(HostSizeTest.Requests requests) {
        return String.format("%d.%02d CPUs, %d.%02d GiB", requests.millicpu() / 1000, requests.millicpu() % 1000 / 10,
                requests.mib() / 1024, requests.mib() % 1024 * 100 / 1024);
    }

    /** The runbook's replay of dead letters, run as printed against a Redis with the cluster's configuration. */
    @Test
    void theDeadLetterReplayMovesPayloadsBackOntoTheQueue(@TempDir Path directory) throws Exception {
        Matcher command = Pattern.compile("redis-cli EVAL \"(.*?)\" (\\d+) (\\S+) (\\S+) (\\d+)\n", Pattern.DOTALL).matcher(docs);
        assertThat(command.find()).as("the EVAL command of the dead-letter section").isTrue();
        // Dead letters of both codec versions: entries of version 1 may come back after the upgrade.
        List<String> payloads = List.of(SampleWrites.versionOneEntry(SampleWrites.newRequest(Instant.now())),
                SampleWrites.entry(SampleWrites.newRequest(Instant.now())));
        try (RedisServerProcess redis = ClusterRedis.start(directory, "docs-test", List.of("--appendonly", "no"));
                Jedis client = redis.connect()) {
            for (String payload : payloads) {
                RedisConnections.command(client, "XADD", RedisKeys.DEAD_LETTER_STREAM, "*", RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD,
                        "1-0", RedisKeys.DEAD_LETTER_REASON_FIELD, "MongoDB refused the batch", RedisKeys.DEAD_LETTER_PAYLOAD_FIELD,
                        payload);
            }
            Object moved = client.eval(command.group(1), Integer.parseInt(command.group(2)), command.group(3),
                    command.group(4), command.group(5));
            assertThat(moved).isEqualTo(2L);
            assertThat(client.xlen(RedisKeys.DEAD_LETTER_STREAM)).isZero();
            List<StreamEntry> entries = client.xrange(RedisKeys.WRITE_STREAM, (StreamEntryID) null, null);
            assertThat(entries).hasSize(2);
            for (int i = 0; i < entries.size(); i++) {
                assertThat(entries.get(i).getFields()).containsExactly(Map.entry(RedisKeys.ENTRY_FIELD, payloads.get(i)));
            }
        }
    }
}
