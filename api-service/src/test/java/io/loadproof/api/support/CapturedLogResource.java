package io.loadproof.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Writes everything the service logs, down to DEBUG (production logs INFO), to fresh files under
 * {@code target/captured-log/}, from its first line on; the console stays at INFO. The test's own
 * HTTP client (RestAssured on Apache HttpClient, which the service does not ship) shares the JVM and
 * would log the Authorization headers the test sends: it stays at INFO.
 */
public class CapturedLogResource implements QuarkusTestResourceLifecycleManager {

    public static final Path DIRECTORY = Path.of("target", "captured-log").toAbsolutePath();

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIRECTORY);
            for (Path old : files()) {
                Files.delete(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.log.category.\"org.apache.http\".level", "INFO",
                "quarkus.log.category.\"io.restassured\".level", "INFO",
                "quarkus.log.level", "DEBUG",
                "quarkus.log.console.level", "INFO",
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.level", "DEBUG",
                "quarkus.log.file.path", DIRECTORY.resolve("api-service.log").toString());
    }

    @Override
    public void stop() {
    }

    /** The log and its rotated parts. */
    public static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
