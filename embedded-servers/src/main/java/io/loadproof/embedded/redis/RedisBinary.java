package io.loadproof.embedded.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds a real {@code redis-server} executable: the one named by {@code REDIS_SERVER_BINARY}, or
 * the Redis 7.0.15 binary shipped inside the {@code org.signal:embedded-redis} jar, extracted once
 * per machine: the major version the manifests deploy (k8s/redis) and Debian ships. The same
 * binary runs Sentinel ({@code redis-server <file> --sentinel}).
 */
public final class RedisBinary {

    public static final String OVERRIDE_VARIABLE = "REDIS_SERVER_BINARY";
    /** The bundled binary's version. */
    public static final String VERSION = "7.0.15";

    private RedisBinary() {
    }

    public static Path locate() {
        String override = System.getenv(OVERRIDE_VARIABLE);
        if (override != null && !override.isBlank()) {
            Path binary = Path.of(override);
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(OVERRIDE_VARIABLE + "=" + override + " is not an executable file");
            }
            return binary;
        }
        return extractBundled();
    }

    private static Path extractBundled() {
        String resource = bundledResourceName();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "loadproof-redis", resource);
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("embedded-redis has no " + resource + " on the classpath; set "
                        + OVERRIDE_VARIABLE + " to a redis-server binary");
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), resource, ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (!partial.toFile().setExecutable(true)) {
                throw new IllegalStateException("cannot make " + partial + " executable");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
    }

    private static String bundledResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm64");
        if (os.contains("linux")) {
            return arm ? "redis-server-" + VERSION + "-linux-arm64" : "redis-server-" + VERSION + "-linux-amd64";
        }
        if (os.contains("mac")) {
            return arm ? "redis-server-" + VERSION + "-darwin-arm64" : "redis-server-" + VERSION + "-darwin-amd64";
        }
        throw new IllegalStateException("no bundled redis-server for " + os + "/" + arch + "; set " + OVERRIDE_VARIABLE);
    }
}
