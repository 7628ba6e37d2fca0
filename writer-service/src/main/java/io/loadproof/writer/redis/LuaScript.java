package io.loadproof.writer.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script run with EVALSHA, falling back to EVAL the first time a server does not know it
 * (after a restart or a failover), so the script text travels once per server, not per call.
 */
public final class LuaScript {

    private final String source;
    private final String sha1;

    public LuaScript(String source) {
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    public Response run(RedisDataSource redis, List<String> keys, List<String> arguments) {
        try {
            return redis.execute("EVALSHA", argumentsFor(sha1, keys, arguments));
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            return redis.execute("EVAL", argumentsFor(source, keys, arguments));
        }
    }

    private static String[] argumentsFor(String script, List<String> keys, List<String> arguments) {
        List<String> all = new ArrayList<>(2 + keys.size() + arguments.size());
        all.add(script);
        all.add(String.valueOf(keys.size()));
        all.addAll(keys);
        all.addAll(arguments);
        return all.toArray(String[]::new);
    }

    private static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
