package io.loadproof.embedded.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real {@code redis-server} process on a loopback port. It can be stopped, killed, frozen and
 * started again on the same port with the same data directory, which is how tests and the lab
 * simulate a Redis outage, a crash and a restart from its append-only file.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final int port;
    private final String password;
    private final Path dataDirectory;
    private final ManagedProcess process;

    private RedisServerProcess(Builder builder) {
        this.port = builder.port == 0 ? FreePorts.next() : builder.port;
        this.password = builder.password;
        try {
            this.dataDirectory = builder.dataDirectory != null ? Files.createDirectories(builder.dataDirectory)
                    : Files.createTempDirectory("loadproof-redis-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.process = new ManagedProcess("redis-server:" + port, command(builder), Map.of(),
                dataDirectory.resolve("redis.log"));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RedisServerProcess startNew() {
        return builder().build().start();
    }

    /**
     * The platform's settings (no snapshots, {@code noeviction}, the append-only file if asked for),
     * or, with a configuration file, that file's; the port, address and data directory are always ours.
     */
    private List<String> command(Builder builder) {
        List<String> command = new ArrayList<>(List.of(RedisBinary.locate().toString()));
        if (builder.configFile != null) {
            command.add(withoutDirectory(builder.configFile).toString());
        } else {
            command.addAll(List.of("--save", "", "--maxmemory-policy", "noeviction", "--loglevel", "warning",
                    "--appendonly", builder.appendOnly ? "yes" : "no", "--appendfsync", builder.appendFsync));
        }
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--protected-mode", "no",
                "--daemonize", "no", "--dir", dataDirectory.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        command.addAll(builder.arguments);
        return command;
    }

    /** A copy of the file without its {@code dir}: Redis changes into that folder as it reads the line. */
    private Path withoutDirectory(Path configFile) {
        try {
            String conf = Files.readString(configFile).replaceAll("(?m)^\\s*dir\\s.*$", "");
            return Files.writeString(dataDirectory.resolve("redis.conf"), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized RedisServerProcess start() {
        if (!isRunning()) {
            process.start();
            process.await("answering PING", STARTUP_TIMEOUT, this::answersPing);
        }
        return this;
    }

    /** SIGTERM: Redis flushes its append-only file and exits. */
    public synchronized void stop() {
        process.stop(STOP_GRACE);
    }

    /** SIGKILL: what a crash looks like. */
    public synchronized void kill() {
        process.kill();
    }

    /** SIGSTOP: the process keeps its port and connections but answers nothing, like a hung server. */
    public synchronized void freeze() {
        process.freeze();
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() {
        process.thaw();
    }

    public synchronized boolean isRunning() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    /** The process id of the running redis-server. */
    public synchronized long pid() {
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

    public Path log() {
        return process.log();
    }

    /** A new connection to this server, with its password. */
    public Jedis connect() {
        return RedisConnections.connect(host(), port, password);
    }

    /** Sends one command over a fresh connection; see {@link RedisConnections#command} for the reply types. */
    public Object command(String... arguments) {
        try (Jedis client = connect()) {
            return RedisConnections.command(client, arguments);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean answersPing() {
        try {
            return "PONG".equals(command("PING"));
        } catch (JedisException notYet) {
            // not listening yet, or LOADING its append-only file
            return false;
        }
    }

    public static final class Builder {
        private int port;
        private String password;
        private boolean appendOnly;
        private String appendFsync = "always";
        private Path dataDirectory;
        private Path configFile;
        private final List<String> arguments = new ArrayList<>();

        /** 0, the default, picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Keep an append-only file, so a restart keeps the data; fsync'd on every write unless {@link #appendFsync} says otherwise. */
        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        /** {@code always} (the default, as the platform runs Redis), {@code everysec} or {@code no}. */
        public Builder appendFsync(String policy) {
            this.appendFsync = policy;
            return this;
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Start from this configuration file instead of the platform's settings (a manifest's redis.conf). */
        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        /** More {@code --name value} options, which override the others ({@code --maxmemory 2mb}). */
        public Builder arguments(List<String> arguments) {
            this.arguments.addAll(arguments);
            return this;
        }

        public RedisServerProcess build() {
            return new RedisServerProcess(this);
        }
    }
}
