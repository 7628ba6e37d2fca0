package io.loadproof.embedded.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child process (a server, a service JVM, a load generator) with its output appended to a log
 * file. It can be stopped gracefully (SIGTERM), killed (SIGKILL), frozen and thawed (SIGSTOP,
 * SIGCONT) and started again with the same command: the one way tests, benchmarks and the lab
 * start a process.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration POLL = Duration.ofMillis(50);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** A JVM running {@code arguments} with this JVM's {@code java}. */
    public static List<String> javaCommand(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        return command;
    }

    public synchronized ManagedProcess start() {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code ready} holds; fails early, with the log's name, if the process exits. */
    public void await(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + exitValue() + "; the end of " + log + ":\n"
                        + logTail(20));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(POLL);
        }
        throw new IllegalStateException(name + " was not " + what + " within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Waits until {@code url} answers 200. */
    public void awaitHttp200(String url, Duration timeout) {
        await("ready at " + url, timeout, () -> status(url) == 200);
    }

    /** The HTTP status of a GET on {@code url}, or -1 while nothing answers. */
    public static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A GET on {@code url} with a 5 s timeout. */
    public static HttpResponse<String> get(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** SIGTERM, without waiting: what Kubernetes sends a pod it stops. */
    public synchronized void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. @return the exit code */
    public synchronized int stop(Duration grace) {
        if (process == null) {
            return 0;
        }
        process.destroy();
        if (!waitFor(grace)) {
            System.err.println(name + " did not stop within " + grace.toSeconds() + " s: killing it");
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        return exitValue();
    }

    /** SIGKILL: a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** SIGSTOP: the process keeps its ports and connections but answers nothing, like a hung server. */
    public synchronized void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (!isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + name + " failed with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to exit. @return whether it exited within {@code timeout} */
    public boolean waitFor(Duration timeout) {
        Process running;
        synchronized (this) {
            running = process;
        }
        try {
            return running == null || running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The exit code, or -1 while it runs. */
    public synchronized int exitValue() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** CPU time the process has used so far (user + system). */
    public synchronized Duration cpuTime() {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for an error message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
