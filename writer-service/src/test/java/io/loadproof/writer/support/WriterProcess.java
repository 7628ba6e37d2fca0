package io.loadproof.writer.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;

/** The packaged writer ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, on a free port. */
public final class WriterProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final ManagedProcess process;
    private final int port;

    private WriterProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param environment the service's environment variables (REDIS_URL, MONGO_URI, ...); PORT is added */
    public static WriterProcess start(String name, Map<String, String> environment, List<String> jvmOptions) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run 'package' first");
        }
        int port = FreePorts.next();
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("-jar", JAR.toString()));
        Map<String, String> withPort = new HashMap<>(environment);
        withPort.put("PORT", String.valueOf(port));
        Path log = Path.of("target", name + ".log");
        return new WriterProcess(new ManagedProcess(name, ManagedProcess.javaCommand(arguments), withPort, log).start(), port);
    }

    /** HTTP status of a GET on the process, or -1 while it does not answer. */
    public int status(String path) {
        return ManagedProcess.status(url(path));
    }

    public String body(String path) throws IOException {
        return ManagedProcess.get(url(path)).body();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** SIGTERM, as Kubernetes sends it; waits for the exit. @return the exit code */
    public int terminate(Duration patience) {
        process.terminate();
        if (!process.waitFor(patience)) {
            throw new IllegalStateException("the writer did not exit within " + patience + " of SIGTERM; see " + process.log());
        }
        return process.exitValue();
    }

    /** Waits for the process to exit by itself. @return the exit code */
    public int awaitExit(Duration patience) {
        if (!process.waitFor(patience)) {
            throw new IllegalStateException("the writer did not exit within " + patience + "; see " + process.log());
        }
        return process.exitValue();
    }

    /** CPU time the process has used so far (user + system). */
    public Duration cpuTime() {
        return process.cpuTime();
    }

    public String log() throws IOException {
        return Files.readString(process.log());
    }

    @Override
    public void close() {
        process.kill();
    }
}
