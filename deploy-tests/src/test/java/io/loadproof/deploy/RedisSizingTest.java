package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.EnvironmentVariable;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import io.loadproof.model.samples.SampleWrites;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;

/**
 * Redis keeps what the API acknowledged: AOF fsynced before every reply, noeviction, and a
 * maxmemory that holds the queue of a whole judge run with the writers stalled plus the API's
 * QUEUE_MEMORY_RESERVE (the dead letters, the connections' buffers and the rest), with room for
 * the backlog an API of codec version 1 may have left. The arithmetic in the ConfigMap's comment
 * is checked line by line, then a real redis-server (the one embedded-servers ships, 7.0, the
 * major version the cluster runs) is started with this very file, the bytes of an
 * entry, a dead letter and a busy connection are measured, and it is pushed past maxmemory to see
 * it refuse rather than evict.
 */
class RedisSizingTest {

    private static final Pattern SIZING_LINE = Pattern.compile("(?m)^#\\s+([a-z0-9-]+)\\s+=\\s+(\\d+)\\b");
    private static final String PASSWORD = "sizing-test-password";

    private final String conf = ClusterRedis.conf();
    private final Map<String, String> directives = directives(conf);
    private final Map<String, Long> sizing = sizing(Repo.read("k8s/redis/configmap.yaml"));

    @Test
    void fsyncsBeforeEveryReplyAndNeverEvicts() {
        assertThat(directives).containsEntry("appendonly", "yes")
                .containsEntry("appendfsync", "always")
                .containsEntry("no-appendfsync-on-rewrite", "no")
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
        String entry = SampleWrites.entry(SampleWrites.newRequest(Instant.now()));
        assertThat(sizing.get("entry-bytes")).as("entry-bytes = one encoded /api/data request")
                .isEqualTo(entry.getBytes(StandardCharsets.UTF_8).length);
        assertThat(sizing.get("entry-memory-bytes")).isGreaterThanOrEqualTo(sizing.get("entry-bytes"));
        assertThat(sizing.get("run-seconds")).as("the full profile of stress-test/scenario.json, in seconds")
                .isEqualTo(fullProfile().toSeconds());
        assertThat(sizing.get("run-entries")).isEqualTo(sizing.get("run-requests-per-second") * sizing.get("run-seconds"));
        assertThat(sizing.get("queue-bytes")).isEqualTo(sizing.get("run-entries") * sizing.get("entry-memory-bytes"));

        String versionOne = SampleWrites.versionOneEntry(SampleWrites.newRequest(Instant.now()));
        assertThat(sizing.get("version-1-entry-memory-bytes")).isGreaterThanOrEqualTo(versionOne.length());
        assertThat(sizing.get("version-1-backlog-bytes"))
                .isEqualTo(sizing.get("version-1-backlog-entries") * sizing.get("version-1-entry-memory-bytes"))
                .as("a backlog left by an API of version 1 fits in the queue's room").isLessThanOrEqualTo(sizing.get("queue-bytes"));

        assertThat(sizing.get("dead-letter-memory-bytes")).as("a dead letter holds a whole entry and more")
                .isGreaterThan(sizing.get("version-1-entry-memory-bytes"));
        assertThat(sizing.get("dead-letter-bytes"))
                .isEqualTo(sizing.get("dead-letter-entries") * sizing.get("dead-letter-memory-bytes"));
        assertThat(sizing.get("connection-bytes"))
                .isEqualTo(sizing.get("connections") * sizing.get("connection-memory-bytes"));
        assertThat(sizing.get("reserve-bytes")).as("reserve-bytes = the API's QUEUE_MEMORY_RESERVE").isEqualTo(apiMemoryReserve());
        assertThat(sizing.get("reserve-bytes")).as("the reserve covers the dead letters, the connections' buffers and the rest")
                .isGreaterThanOrEqualTo(sizing.get("dead-letter-bytes") + sizing.get("connection-bytes") + sizing.get("other-bytes"));
        assertThat(sizing.get("needed-bytes")).isEqualTo(sizing.get("queue-bytes") + sizing.get("reserve-bytes"));

        long maxmemory = bytes(directives.get("maxmemory"));
        assertThat(maxmemory).as("maxmemory " + directives.get("maxmemory") + " = the comment's maxmemory-bytes")
                .isEqualTo(sizing.get("maxmemory-bytes"));
        assertThat(maxmemory).as("maxmemory").isGreaterThanOrEqualTo(sizing.get("needed-bytes"));
        assertThat(conf).doesNotContain("allkeys-lru");
        assertThat(Manifests.container("api-service").getEnv()).as("no entry cap: maxmemory is the limit")
                .noneMatch(variable -> variable.getName().equals(EnvironmentVariable.MAX_QUEUE_SIZE.name()));

        Map<String, Quantity> limits = Manifests.container("redis").getResources().getLimits();
        Map<String, Quantity> requests = Manifests.container("redis").getResources().getRequests();
        assertThat(K8s.bytes(limits.get("memory"))).as("memory limit leaves room for an AOF rewrite fork")
                .isGreaterThanOrEqualTo(maxmemory * 3 / 2);
        assertThat(K8s.bytes(requests.get("memory"))).as("memory request covers maxmemory").isGreaterThanOrEqualTo(maxmemory);
    }

    /** The append-only file's volume holds the file at its largest, while a rewrite writes the new one beside it. */
    @Test
    void theVolumeHoldsTheAppendOnlyFileThroughARewrite() {
        long maxmemory = bytes(directives.get("maxmemory"));
        assertThat(directives).containsEntry("auto-aof-rewrite-percentage", "100");
        assertThat(sizing.get("aof-bytes")).isEqualTo(3 * maxmemory);
        PersistentVolumeClaim claim = Manifests.named(PersistentVolumeClaim.class, "redis-pvc");
        assertThat(K8s.bytes(claim.getSpec().getResources().getRequests().get("storage")))
                .as("redis-pvc holds aof-bytes").isGreaterThanOrEqualTo(sizing.get("aof-bytes"));
        assertThat(SetupScript.number("REDIS_VOLUME_GIB") << 30).as("setup.sh counts the volume's size on the Docker host's disk")
                .isEqualTo(K8s.bytes(claim.getSpec().getResources().getRequests().get("storage")));
    }

    /**
     * The API's QUEUE_MEMORY_RESERVE as a Quarkus MemorySize (K, M, G: powers of 1024): the manifest's
     * value, else the default the api-service's application.properties gives it.
     */
    static long apiMemoryReserve() {
        String name = "QUEUE_MEMORY_RESERVE";
        Optional<String> manifest = Manifests.container("api-service").getEnv().stream()
                .filter(variable -> variable.getName().equals(name)).map(EnvVar::getValue).findFirst();
        Matcher property = Pattern.compile("\\$\\{" + name + ":([^}]+)}")
                .matcher(Repo.read("api-service/src/main/resources/application.properties"));
        assertThat(manifest.isPresent() || property.find()).as("api-service reads " + name).isTrue();
        String value = manifest.orElseGet(() -> property.group(1));
        Matcher size = Pattern.compile("(\\d+)([KMGT]?)", Pattern.CASE_INSENSITIVE).matcher(value.trim());
        assertThat(size.matches()).as("QUEUE_MEMORY_RESERVE " + value).isTrue();
        int power = "KMGT".indexOf(size.group(2).toUpperCase()) + 1;
        return Long.parseLong(size.group(1)) << (10 * power);
    }

    private static Duration fullProfile() {
        try {
            return ScenarioFileTest.stages(ScenarioFileTest.scenario(), "full").stream()
                    .map(stage -> ScenarioFileTest.duration(stage.duration())).reduce(Duration.ZERO, Duration::plus);
        } catch (Exception e) {
            throw new AssertionError("stress-test/scenario.json: " + e, e);
        }
    }

    /** Every pooled connection the services may open at their largest is budgeted. */
    @Test
    void theConnectionsCoverEveryPoolAtTheLargestScale() {
        long apiPods = Manifests.named(HorizontalPodAutoscaler.class, WiringTest.API).getSpec().getMaxReplicas();
        long writerPods = 10; // the budget's "up to 10 writers"; docs/kubernetes.md says scaling past it needs more
        long apiPool = Long.parseLong(property("api-service", "quarkus.redis.max-pool-size"));
        long writerPool = Long.parseLong(property("writer-service", "quarkus.redis.max-pool-size"));
        assertThat(sizing.get("connections")).as(apiPods + " API pods x " + apiPool + " + " + writerPods + " writers x " + writerPool)
                .isGreaterThanOrEqualTo(apiPods * apiPool + writerPods * writerPool);
        assertThat(Long.parseLong(directives.get("maxclients"))).isGreaterThanOrEqualTo(sizing.get("connections"));
    }

    /** Clients that have each just sent one entry, as the API's pooled connections under load. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBusyConnectionCostsNoMoreThanBudgeted(@TempDir Path directory) throws Exception {
        int count = 200;
        String entry = SampleWrites.entry(SampleWrites.newRequest(Instant.now()));
        List<Jedis> clients = new ArrayList<>();
        try (RedisServerProcess redis = ClusterRedis.start(directory, PASSWORD, List.of("--appendonly", "no"));
                Jedis observer = redis.connect()) {
            long before = info(observer, "memory", "used_memory");
            for (int i = 0; i < count; i++) {
                Jedis client = redis.connect();
                clients.add(client);
                client.xadd("connection-test", XAddParams.xAddParams(), Map.of(RedisKeys.ENTRY_FIELD, entry));
            }
            observer.del("connection-test");
            long perConnection = (info(observer, "memory", "used_memory") - before) / count;
            assertThat(perConnection).as("bytes per busy connection (" + perConnection + ")")
                    .isLessThanOrEqualTo(sizing.get("connection-memory-bytes"));
            System.out.printf("redis sizing: %d B per busy connection measured (budget %d)%n", perConnection,
                    sizing.get("connection-memory-bytes"));
        } finally {
            for (Jedis client : clients) {
                client.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void redisAcceptsThisFileAndReportsTheSameSettings(@TempDir Path directory) throws Exception {
        try (RedisServerProcess redis = ClusterRedis.start(directory, PASSWORD, List.of());
                Jedis client = redis.connect()) {
            assertThat(config(client, "maxmemory")).isEqualTo(String.valueOf(bytes(directives.get("maxmemory"))));
            assertThat(config(client, "maxmemory-policy")).isEqualTo("noeviction");
            assertThat(config(client, "appendonly")).isEqualTo("yes");
            assertThat(config(client, "appendfsync")).isEqualTo("always");
            assertThat(config(client, "stream-node-max-bytes")).isEqualTo(directives.get("stream-node-max-bytes"));
            client.xadd(RedisKeys.WRITE_STREAM, XAddParams.xAddParams(), Map.of(RedisKeys.ENTRY_FIELD, "probe"));
            assertThat(directory.resolve("data")).isDirectoryContaining(path -> path.getFileName().toString().startsWith("appendonly"));
        }
    }

    /** A backlog of measured-entries entries as the API sends them now, each within entry-memory-bytes. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anEntryOfTheCurrentCodecCostsNoMoreThanBudgeted(@TempDir Path directory) throws Exception {
        long entries = sizing.get("measured-entries");
        List<String> pool = entries(1000, SampleWrites::entry);
        try (RedisServerProcess redis = ClusterRedis.start(directory, PASSWORD, List.of("--appendonly", "no"));
                Jedis client = redis.connect()) {
            long before = info(client, "memory", "used_memory");
            assertThat(fill(client, entries, queueEntry(pool)).refusal).isNull();
            long perEntry = (info(client, "memory", "used_memory") - before) / entries;
            assertThat(perEntry).as("measured bytes per entry (" + perEntry + ") within entry-memory-bytes")
                    .isLessThanOrEqualTo(sizing.get("entry-memory-bytes"));
            System.out.printf("redis sizing: %d B per entry of %d B over %d entries (budget %d), MEMORY USAGE of a stream of one: %s B%n",
                    perEntry, pool.get(0).length(), entries, sizing.get("entry-memory-bytes"), memoryOfOne(client, pool.get(0)));
        }
    }

    /**
     * aof-bytes assumes that a rewritten append-only file (an RDB preamble, aof-use-rdb-preamble
     * yes) is no larger than the data set's memory: measured with measured-entries entries.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRewrittenAppendOnlyFileIsNoLargerThanTheDataSetsMemory(@TempDir Path directory) throws Exception {
        long entries = sizing.get("measured-entries");
        List<String> pool = entries(1000, SampleWrites::entry);
        assertThat(directives).containsEntry("aof-use-rdb-preamble", "yes");
        // everysec only to write the entries fast here; the rewrite's output does not depend on it
        try (RedisServerProcess redis = ClusterRedis.start(directory, PASSWORD, List.of("--appendfsync", "everysec"));
                Jedis client = redis.connect()) {
            long before = info(client, "memory", "used_memory");
            assertThat(fill(client, entries, queueEntry(pool)).refusal).isNull();
            long memory = info(client, "memory", "used_memory") - before;
            long logged = info(client, "persistence", "aof_current_size");
            client.bgrewriteaof();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((info(client, "persistence", "aof_rewrite_in_progress") == 1
                    || info(client, "persistence", "aof_rewrite_scheduled") == 1) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long rewritten = info(client, "persistence", "aof_current_size");
            assertThat(rewritten).as("rewritten AOF (" + rewritten + " B) against the data set's memory (" + memory + " B)")
                    .isLessThanOrEqualTo(memory);
            System.out.printf("redis sizing: AOF %d B per entry as logged, %d B per entry rewritten, %d B in memory%n",
                    logged / entries, rewritten / entries, memory / entries);
        }
    }

    private static Long memoryOfOne(Jedis client, String entry) {
        client.xadd("sizing:one", XAddParams.xAddParams(), Map.of(RedisKeys.ENTRY_FIELD, entry));
        return client.memoryUsage("sizing:one");
    }

    /**
     * Fills a Redis started with this file (AOF off, to spare the disk: the AOF buffer is not
     * counted against maxmemory anyway) with dead-letter-entries dead letters carrying a 1 KB
     * reason and the backlog an API of version 1 left (version-1-backlog-entries of the larger
     * entries), measures the bytes each kind costs, then keeps writing version 1 entries until
     * Redis refuses: the rest of the queue's room, filled fast (version 2 entries of a whole run
     * are counted by the arithmetic and the measured bytes per entry, not written here).
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theDeadLettersAndAVersionOneBacklogFitAndBeyondMaxmemoryWritesAreRefusedNotEvicted(@TempDir Path directory)
            throws Exception {
        long entries = sizing.get("version-1-backlog-entries");
        long deadLetters = sizing.get("dead-letter-entries");
        List<String> pool = entries(1000, SampleWrites::versionOneEntry);
        String reason = ("rejected 5 times: E11000-like refusal of the batch by MongoDB ").repeat(20).substring(0, 1024);
        try (RedisServerProcess redis = ClusterRedis.start(directory, PASSWORD, List.of("--appendonly", "no"));
                Jedis client = redis.connect()) {
            client.set(RedisKeys.READ_CACHE_KEY, "cached");
            long before = info(client, "memory", "used_memory");

            Fill dead = fill(client, deadLetters, i -> List.of("XADD", RedisKeys.DEAD_LETTER_STREAM, "*",
                    RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD, "1700000000000-" + i, RedisKeys.DEAD_LETTER_REASON_FIELD, reason,
                    RedisKeys.DEAD_LETTER_PAYLOAD_FIELD, pool.get((int) (i % pool.size()))));
            assertThat(dead.refusal).as("all " + deadLetters + " budgeted dead letters accepted").isNull();
            long afterDeadLetters = info(client, "memory", "used_memory");
            long perDeadLetter = (afterDeadLetters - before) / deadLetters;
            assertThat(perDeadLetter).as("measured bytes per dead letter (" + perDeadLetter + ") within dead-letter-memory-bytes")
                    .isLessThanOrEqualTo(sizing.get("dead-letter-memory-bytes"));

            Fill fill = fill(client, entries, queueEntry(pool));
            assertThat(fill.refusal).as("all " + entries + " entries of version 1 accepted").isNull();
            long perEntry = (info(client, "memory", "used_memory") - afterDeadLetters) / entries;
            assertThat(perEntry).as("measured bytes per version 1 entry (" + perEntry + ") within its budget")
                    .isLessThanOrEqualTo(sizing.get("version-1-entry-memory-bytes"));

            long room = bytes(directives.get("maxmemory")) / sizing.get("version-1-entry-memory-bytes");
            Fill beyond = fill(client, room, queueEntry(pool));
            assertThat(beyond.refusal).as("Redis refuses writes past maxmemory").isNotNull();
            assertThat(beyond.refusal).startsWith("OOM");
            assertThat(client.xlen(RedisKeys.WRITE_STREAM)).as("nothing evicted or trimmed")
                    .isEqualTo(entries + beyond.accepted);
            assertThat(client.xlen(RedisKeys.DEAD_LETTER_STREAM)).isEqualTo(deadLetters);
            assertThat(client.get(RedisKeys.READ_CACHE_KEY)).isEqualTo("cached");
            System.out.printf("redis sizing: %d B per dead letter (budget %d), %d B per version 1 entry (budget %d); "
                    + "%d dead letters and %d entries accepted, refused after %d more%n", perDeadLetter,
                    sizing.get("dead-letter-memory-bytes"), perEntry, sizing.get("version-1-entry-memory-bytes"), deadLetters,
                    entries, beyond.accepted);
        }
    }

    /** Entries of fresh sample requests, in the given form. */
    private static List<String> entries(int count, Function<QueuedWrite, String> form) {
        List<String> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pool.add(form.apply(SampleWrites.newRequest(Instant.now())));
        }
        return pool;
    }

    private static LongFunction<List<String>> queueEntry(List<String> pool) {
        return i -> List.of("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, pool.get((int) (i % pool.size())));
    }

    private record Fill(long accepted, String refusal) {
    }

    /** Sends {@code count} commands, pipelined, and counts the accepted ones until the first refusal. */
    private static Fill fill(Jedis client, long count, LongFunction<List<String>> command) {
        long accepted = 0;
        String refusal = null;
        int batch = 500;
        for (long sent = 0; sent < count && refusal == null; sent += batch) {
            int size = (int) Math.min(batch, count - sent);
            List<Response<Object>> replies = new ArrayList<>(size);
            try (Pipeline pipeline = client.pipelined()) {
                for (int i = 0; i < size; i++) {
                    List<String> arguments = command.apply(sent + i);
                    replies.add(pipeline.sendCommand(Protocol.Command.valueOf(arguments.get(0)),
                            arguments.subList(1, arguments.size()).toArray(String[]::new)));
                }
            }
            for (Response<Object> reply : replies) {
                try {
                    reply.get();
                    accepted++;
                } catch (JedisDataException error) {
                    refusal = refusal == null ? error.getMessage() : refusal;
                }
            }
        }
        return new Fill(accepted, refusal);
    }

    /** A property of a service's application.properties, as written. */
    private static String property(String service, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\S+)$")
                .matcher(Repo.read(service + "/src/main/resources/application.properties"));
        assertThat(matcher.find()).as(service + " sets " + name).isTrue();
        return matcher.group(1);
    }

    /** A field of INFO, e.g. used_memory. */
    private static long info(Jedis client, String section, String field) {
        String info = client.info(section);
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO " + section + " has no " + field);
    }

    /** The value of CONFIG GET name. */
    private static String config(Jedis client, String name) {
        Map<String, String> reply = client.configGet(name);
        if (reply.size() == 1 && reply.containsKey(name)) {
            return reply.get(name);
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
                .containsKeys("entry-bytes", "measured-entries", "entry-memory-bytes", "run-requests-per-second", "run-seconds",
                        "run-entries", "queue-bytes", "version-1-entry-memory-bytes", "version-1-backlog-entries",
                        "version-1-backlog-bytes", "dead-letter-entries", "dead-letter-memory-bytes", "dead-letter-bytes",
                        "connections", "connection-memory-bytes", "connection-bytes", "other-bytes", "reserve-bytes",
                        "needed-bytes", "maxmemory-bytes", "aof-bytes");
        return values;
    }
}
