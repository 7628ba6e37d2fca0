package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.loadproof.embedded.RedisServerProcess;
import io.loadproof.embedded.RespClient;
import io.loadproof.model.EnvironmentNames;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.model.RedisKeys;

/**
 * Redis keeps what the API acknowledged: AOF, noeviction, and a maxmemory that holds
 * MAX_QUEUE_SIZE full entries plus the rest. The arithmetic in the ConfigMap's comment is
 * checked line by line, then a real redis-server (the one embedded-servers ships, 6.2; the
 * cluster runs 7.2 with the same directives) is started with this very file, filled to the
 * backlog the comment budgets for, and pushed past maxmemory to see it refuse rather than evict.
 */
class RedisSizingTest {

    private static final Pattern SIZING_LINE = Pattern.compile("(?m)^#\\s+([a-z-]+)\\s+=\\s+(\\d+)\\b");
    private static final String PASSWORD = "sizing-test-password";

    private final String conf = ClusterRedis.conf();
    private final Map<String, String> directives = directives(conf);
    private final Map<String, Long> sizing = sizing(Repo.read("k8s/redis/configmap.yaml"));

    @Test
    void persistsEverySecondAndNeverEvicts() {
        assertThat(directives).containsEntry("appendonly", "yes")
                .containsEntry("appendfsync", "everysec")
                .containsEntry("maxmemory-policy", "noeviction")
                .containsEntry("save", "\"\"")
                .containsKey("stream-node-max-bytes");
        Container redis = Manifests.container("redis");
        Volume data = Manifests.deployment("redis").getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getPersistentVolumeClaim() != null).findFirst()
                .orElseThrow(() -> new AssertionError("redis has no persistent volume"));
        assertThat(redis.getVolumeMounts()).filteredOn(mount -> mount.getName().equals(data.getName()))
                .extracting(VolumeMount::getMountPath).as("the AOF directory is the persistent volume")
                .containsExactly(directives.get("dir"));
        assertThat(redis.getArgs()).as("redis-server is started with this file and the Secret's password")
                .containsExactly("/etc/redis/redis.conf", "--requirepass", "$(REDIS_PASSWORD)");
    }

    @Test
    void theArithmeticInTheCommentHolds() {
        String entry = QueuedWriteCodec.encode(SampleWrites.newRequest(Instant.now()));
        assertThat(sizing.get("entry-bytes")).as("entry-bytes = one encoded /api/data request")
                .isEqualTo(entry.getBytes(StandardCharsets.UTF_8).length);
        assertThat(sizing.get("entry-memory-bytes")).isGreaterThanOrEqualTo(sizing.get("entry-bytes"));

        long maxQueueSize = Long.parseLong(WiringTest.env(Manifests.container("api-service"), EnvironmentNames.MAX_QUEUE_SIZE));
        assertThat(sizing.get("queue-entries")).as("queue-entries covers the API's MAX_QUEUE_SIZE " + maxQueueSize)
                .isGreaterThanOrEqualTo(maxQueueSize);
        assertThat(sizing.get("queue-bytes")).isEqualTo(sizing.get("queue-entries") * sizing.get("entry-memory-bytes"));
        assertThat(sizing.get("needed-bytes")).isEqualTo(sizing.get("queue-bytes") + sizing.get("other-bytes"));

        long maxmemory = bytes(directives.get("maxmemory"));
        assertThat(maxmemory).as("maxmemory " + directives.get("maxmemory") + " = the comment's maxmemory-bytes")
                .isEqualTo(sizing.get("maxmemory-bytes"));
        assertThat(maxmemory).as("maxmemory").isGreaterThanOrEqualTo(sizing.get("needed-bytes"));
        assertThat(conf).doesNotContain("allkeys-lru");

        Map<String, Quantity> limits = Manifests.container("redis").getResources().getLimits();
        Map<String, Quantity> requests = Manifests.container("redis").getResources().getRequests();
        assertThat(K8s.bytes(limits.get("memory"))).as("memory limit leaves room for an AOF rewrite fork")
                .isGreaterThanOrEqualTo(maxmemory * 3 / 2);
        assertThat(K8s.bytes(requests.get("memory"))).as("memory request covers maxmemory").isGreaterThanOrEqualTo(maxmemory);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void redisAcceptsThisFileAndReportsTheSameSettings(@TempDir Path directory) throws Exception {
        try (RedisServerProcess redis = ClusterRedis.start(directory, PASSWORD, List.of());
                RespClient client = RespClient.connect("127.0.0.1", redis.port(), PASSWORD)) {
            assertThat(config(client, "maxmemory")).isEqualTo(String.valueOf(bytes(directives.get("maxmemory"))));
            assertThat(config(client, "maxmemory-policy")).isEqualTo("noeviction");
            assertThat(config(client, "appendonly")).isEqualTo("yes");
            assertThat(config(client, "appendfsync")).isEqualTo("everysec");
            assertThat(config(client, "stream-node-max-bytes")).isEqualTo(directives.get("stream-node-max-bytes"));
            client.call("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, "probe");
            assertThat(directory.resolve("data")).isDirectoryContaining(path -> path.getFileName().toString().startsWith("appendonly"));
        }
    }

    /**
     * Fills a Redis started with this file (AOF off, to spare the disk: the AOF buffer is not
     * counted against maxmemory anyway) with queue-entries real entries, measures the bytes
     * each one costs, then keeps writing until Redis refuses.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aFullBacklogFitsAndBeyondItWritesAreRefusedNotEvicted(@TempDir Path directory) throws Exception {
        long entries = sizing.get("queue-entries");
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pool.add(QueuedWriteCodec.encode(SampleWrites.newRequest(Instant.now())));
        }
        try (RedisServerProcess redis = ClusterRedis.start(directory, PASSWORD, List.of("--appendonly", "no"));
                RespClient client = RespClient.connect("127.0.0.1", redis.port(), PASSWORD)) {
            client.call("SET", RedisKeys.READ_CACHE_KEY, "cached");
            long before = info(client, "memory", "used_memory");

            Fill fill = fill(client, pool, entries);
            assertThat(fill.refusal).as("all " + entries + " budgeted entries accepted").isNull();
            long perEntry = (info(client, "memory", "used_memory") - before) / entries;
            assertThat(perEntry).as("measured bytes per entry (" + perEntry + ") within entry-memory-bytes")
                    .isLessThanOrEqualTo(sizing.get("entry-memory-bytes"));

            Fill beyond = fill(client, pool, entries / 2);
            assertThat(beyond.refusal).as("Redis refuses writes past maxmemory").isNotNull();
            assertThat(beyond.refusal).startsWith("OOM");
            assertThat(client.call("XLEN", RedisKeys.WRITE_STREAM)).as("nothing evicted or trimmed")
                    .isEqualTo(entries + beyond.accepted);
            assertThat(client.call("GET", RedisKeys.READ_CACHE_KEY)).isEqualTo("cached");
            System.out.printf("redis sizing: %d B per entry measured (budget %d); %d entries accepted, refused after %d more%n",
                    perEntry, sizing.get("entry-memory-bytes"), entries, beyond.accepted);
        }
    }

    private record Fill(long accepted, String refusal) {
    }

    private static Fill fill(RespClient client, List<String> pool, long count) {
        long accepted = 0;
        String refusal = null;
        int batch = 500;
        for (long sent = 0; sent < count && refusal == null; sent += batch) {
            int size = (int) Math.min(batch, count - sent);
            for (int i = 0; i < size; i++) {
                client.send("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, pool.get((int) ((sent + i) % pool.size())));
            }
            client.flush();
            for (int i = 0; i < size; i++) {
                try {
                    client.read();
                    accepted++;
                } catch (RespClient.RedisErrorReply error) {
                    refusal = refusal == null ? error.getMessage() : refusal;
                }
            }
        }
        return new Fill(accepted, refusal);
    }

    /** A field of INFO, e.g. used_memory. */
    private static long info(RespClient client, String section, String field) {
        String info = (String) client.call("INFO", section);
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO " + section + " has no " + field);
    }

    /** The value of CONFIG GET name. */
    private static String config(RespClient client, String name) {
        Object reply = client.call("CONFIG", "GET", name);
        if (reply instanceof List<?> pair && pair.size() == 2) {
            return (String) pair.get(1);
        }
        throw new IllegalStateException("CONFIG GET " + name + " answered " + reply);
    }

    /** Redis memory units: k/m/g are powers of 1000, kb/mb/gb of 1024. */
    static long bytes(String value) {
        Matcher matcher = Pattern.compile("(\\d+)(k|kb|m|mb|g|gb)?", Pattern.CASE_INSENSITIVE).matcher(value);
        if (!matcher.matches()) {
            throw new AssertionError("not a Redis memory size: " + value);
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase();
        return number * switch (unit) {
            case "" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> throw new AssertionError(unit);
        };
    }

    private static Map<String, String> directives(String conf) {
        Map<String, String> directives = new LinkedHashMap<>();
        for (String line : conf.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 2);
            assertThat(directives.put(parts[0], parts.length > 1 ? parts[1] : "")).as("directive " + parts[0] + " set twice").isNull();
        }
        return directives;
    }

    private static Map<String, Long> sizing(String yaml) {
        Map<String, Long> values = new LinkedHashMap<>();
        Matcher matcher = SIZING_LINE.matcher(yaml);
        while (matcher.find()) {
            values.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        assertThat(values).as("the sizing lines of k8s/redis/configmap.yaml")
                .containsKeys("entry-bytes", "entry-memory-bytes", "queue-entries", "queue-bytes", "other-bytes", "needed-bytes",
                        "maxmemory-bytes");
        return values;
    }
}
