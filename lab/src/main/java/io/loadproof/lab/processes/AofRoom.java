package io.loadproof.lab.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.lab.Console;
import redis.clients.jedis.Jedis;

/**
 * Whether the lab Redis' data directory has the disk room for its append-only file: up to three
 * times maxmemory, the file at twice its size after the last rewrite (auto-aof-rewrite-percentage
 * 100) and the new one written beside it (the rule of k8s/redis/configmap.yaml).
 */
final class AofRoom {

    static final int MAXMEMORY_MULTIPLE = 3;

    private AofRoom() {
    }

    /** The report's line about the disk room; a shortage is also warned on the console. */
    static String check(RedisServerProcess redis) {
        try (Jedis client = redis.connect()) {
            long maxmemory = Long.parseLong(client.configGet("maxmemory").get("maxmemory"));
            long usable = Files.getFileStore(redis.dataDirectory()).getUsableSpace();
            String line = describe(maxmemory, usable, redis.dataDirectory().toString());
            if (!enough(maxmemory, usable)) {
                Console.warn(line);
            }
            return line;
        } catch (IOException | RuntimeException e) {
            return "Redis' disk room for its append-only file could not be read: " + e.getMessage();
        }
    }

    static boolean enough(long maxmemory, long usable) {
        return maxmemory == 0 || usable >= MAXMEMORY_MULTIPLE * maxmemory;
    }

    static String describe(long maxmemory, long usable, String directory) {
        if (maxmemory == 0) {
            return String.format(Locale.ROOT, "Redis' data directory %s has %s GB free (no maxmemory: the append-only "
                    + "file is bounded by nothing but the disk).", directory, gigabytes(usable));
        }
        String need = String.format(Locale.ROOT, "the append-only file may take %d x maxmemory = %s GB while a rewrite runs",
                MAXMEMORY_MULTIPLE, gigabytes(MAXMEMORY_MULTIPLE * maxmemory));
        return enough(maxmemory, usable)
                ? String.format(Locale.ROOT, "Redis' data directory %s has %s GB free: %s.", directory, gigabytes(usable), need)
                : String.format(Locale.ROOT, "**Warning**: Redis' data directory %s has only %s GB free, and %s; a full "
                        + "disk stops Redis' writes (the API answers 503), free some space or set a smaller "
                        + "LAB_REDIS_MAXMEMORY.", directory, gigabytes(usable), need);
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e9);
    }
}
