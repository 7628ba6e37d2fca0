package io.loadproof.api.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;

/** The packaged api-service ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, on a free port. */
public final class ApiProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final ManagedProcess process;
    private final int port;

    private ApiProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param environment the service's environment variables (REDIS_URL, MONGO_URI, ...); PORT is added */
    public static ApiProcess start(String name, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run 'package' first");
        }
        int port = FreePorts.next();
        Map<String, String> withPort = new HashMap<>(environment);
        withPort.put("PORT", String.valueOf(port));
        List<String> command = ManagedProcess.javaCommand(List.of("-Xmx256m", "-jar", JAR.toString()));
        ManagedProcess process = new ManagedProcess(name, command, withPort, Path.of("target", name + ".log"));
        return new ApiProcess(process.start(), port);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void awaitReady(Duration timeout) {
        process.awaitHttp200(url("/readyz"), timeout);
    }

    /** SIGTERM, as Kubernetes sends it, without waiting. */
    public void terminate() {
        process.terminate();
    }

    public boolean waitForExit(Duration timeout) {
        return process.waitFor(timeout);
    }

    public String log() {
        return process.logTail(Integer.MAX_VALUE);
    }

    @Override
    public void close() {
        process.kill();
    }
}
