package io.loadproof.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a loopback port. It can be stopped, killed and started
 * again on the same port with the same data directory, which is how tests and the lab simulate a
 * Redis outage and a restart that keeps its append-only file.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final String password;
    private final boolean appendOnly;
    private final Path dataDirectory;
    private Process process;

    private RedisServerProcess(Builder builder) {
        this.port = builder.port == 0 ? FreePorts.next() : builder.port;
        this.password = builder.password;
        this.appendOnly = builder.appendOnly;
        try {
            this.dataDirectory = builder.dataDirectory != null ? Files.createDirectories(builder.dataDirectory)
                    : Files.createTempDirectory("loadproof-redis-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RedisServerProcess startNew() {
        return builder().build().start();
    }

    public synchronized RedisServerProcess start() {
        if (isRunning()) {
            return this;
        }
        List<String> command = new ArrayList<>(List.of(RedisBinary.locate().toString(),
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "no",
                "--daemonize", "no",
                "--dir", dataDirectory.toString(),
                "--save", "",
                "--appendonly", appendOnly ? "yes" : "no",
                "--appendfsync", "everysec",
                "--maxmemory-policy", "noeviction",
                "--loglevel", "warning"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDirectory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        awaitPong();
        return this;
    }

    /** SIGTERM: Redis flushes its append-only file and exits. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        awaitExit();
    }

    /** SIGKILL: what a crash looks like. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGSTOP: the process keeps its port and connections but answers nothing, like a hung server. */
    public synchronized void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " failed with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    /** The process id of the running redis-server. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        return process.pid();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** A {@code redis://} URL with the password, if any, as the Quarkus Redis client takes it. */
    public String url() {
        return password == null ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
    }

    public String password() {
        return password;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Sends one command over a fresh connection; see {@link RespClient} for the reply types. */
    public Object command(String... arguments) {
        try (RespClient client = RespClient.connect(host(), port, password)) {
            return client.call(arguments);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see "
                        + dataDirectory.resolve("redis.log"));
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (UncheckedIOException e) {
                last = e.getCause();
            } catch (RespClient.RedisErrorReply e) {
                // LOADING: still reading its append-only file
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + STARTUP_TIMEOUT, last);
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private int port;
        private String password;
        private boolean appendOnly;
        private Path dataDirectory;

        /** 0, the default, picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Keep an append-only file (fsync every second), so a restart keeps the data. */
        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public RedisServerProcess build() {
            return new RedisServerProcess(this);
        }
    }
}
