package io.loadproof.lab.processes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.loadproof.model.EnvironmentVariable;
import redis.clients.jedis.Jedis;

/**
 * What the report says about the platform the lab ran: the services, how Redis keeps its data and
 * where the API refuses, the MongoDB and its limits, the CPU shares.
 *
 * @param aofRoom the embedded Redis' disk room for its append-only file, empty for another Redis
 */
record PlatformDescription(LabSettings settings, Supplier<Jedis> redis, boolean mongoIsStandIn,
        List<CpuShares.Share> cpuShares, Optional<String> aofRoom) {

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Services: api-service and writer-service, one JVM each (API_JAVA_OPTS `%s`, WRITER_JAVA_OPTS `%s`).",
                settings.apiJavaOptions(), settings.writerJavaOptions()));
        lines.add(redisLine());
        aofRoom.ifPresent(lines::add);
        String queueCap = settings.serviceEnvironment().get(EnvironmentVariable.MAX_QUEUE_SIZE.name());
        lines.add(queueCap == null
                ? "Queue limit: Redis memory: the API answers 503 once used_memory reaches maxmemory minus "
                        + "QUEUE_MEMORY_RESERVE (no entry cap)."
                : "Queue limit: Redis memory, and MAX_QUEUE_SIZE " + queueCap + " entries from the environment (an extra cap).");
        lines.add(mongoIsStandIn ? standInLine() : "MongoDB: " + redact(settings.mongoUri().orElseThrow()) + " (MONGO_URI).");
        lines.add(cpuShares.isEmpty()
                ? "CPU shares: none, every process at nice 0 (LAB_CPU_SHARES=k8s gives them the manifests' shares)."
                : "CPU shares of the manifests (LAB_CPU_SHARES=k8s: CPU request x replicas, as nice values): "
                        + shares(cpuShares) + "; the load generator and the lab at nice 0.");
        return lines;
    }

    private String standInLine() {
        int documents = settings.mongoDocsPerSecond();
        String slow = documents <= 0 ? "" : String.format(Locale.ROOT, "; a slow MongoDB: it stored at most %,d documents/s "
                + "while the load ran (an insert of 1,000 waited %.2f s; nothing refused), and the limit was lifted when "
                + "the load ended, as if the node caught up (--mongo-docs-per-second)", documents, 1000.0 / documents);
        return String.format("MongoDB: the lab's stand-in, a wire-protocol server in its own JVM (MONGO_JAVA_OPTS `%s`) "
                + "admitting at most %d commands/s%s; it keeps each document's fields with the payload reduced to a "
                + "digest (valid `[A-Za-z0-9]{512}` or not, length, hash), which the audit checks.",
                settings.mongoJavaOptions(), settings.mongoIops(), slow);
    }

    private String redisLine() {
        String where = settings.redisUrl().map(url -> redact(url) + " (REDIS_URL)").orElse(settings.redisSentinel()
                ? "the embedded redis-server as a primary, one replica and three Sentinels (quorum 2; the API waits for "
                        + "the replica's acknowledgement, REDIS_MIN_REPLICAS 1); the primary's"
                : "the embedded redis-server");
        try (Jedis client = redis.get()) {
            String version = infoField(client.info("server"), "redis_version");
            String fsync = client.configGet("appendfsync").get("appendfsync");
            boolean aof = "yes".equals(client.configGet("appendonly").get("appendonly"));
            long maxmemory = Long.parseLong(client.configGet("maxmemory").get("maxmemory"));
            return String.format("Redis: %s %s, %s, appendfsync %s%s, %s.", where, version,
                    aof ? "append-only file on" : "no append-only file", fsync,
                    "always".equals(fsync) ? " (each entry is on disk before the API answers 200)" : "",
                    maxmemory(maxmemory));
        } catch (RuntimeException e) {
            return "Redis: " + where + " (its settings could not be read: " + e.getMessage() + ").";
        }
    }

    private String maxmemory(long bytes) {
        if (bytes == 0) {
            return "no maxmemory";
        }
        return String.format(Locale.ROOT, "maxmemory %,d bytes (%.2f GiB%s)", bytes, bytes / (double) (1L << 30),
                settings.redisUrl().isPresent() ? "" : ", LAB_REDIS_MAXMEMORY " + settings.redisMaxmemory());
    }

    private static String infoField(String info, String field) {
        return info.lines().filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(field.length() + 1).trim()).findFirst().orElse("?");
    }

    static String shares(List<CpuShares.Share> shares) {
        return shares.stream().map(share -> share.process() + " " + share.millicores() + "m: nice " + share.nice())
                .collect(Collectors.joining(", "));
    }

    static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
