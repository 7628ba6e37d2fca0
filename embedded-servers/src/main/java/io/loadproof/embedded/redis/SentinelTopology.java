package io.loadproof.embedded.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.loadproof.embedded.process.Directories;

/**
 * A primary, one replica and three Sentinels (quorum 2) as real {@code redis-server} processes on
 * loopback, for tests and the lab ({@code ./lab.sh --redis sentinel}). Each node has its
 * own data directory with an append-only file; killing the primary and deleting its directory is
 * how the loss of the Redis machine looks.
 */
public final class SentinelTopology implements AutoCloseable {

    public static final String MASTER_NAME = "mymaster";
    private static final int QUORUM = 2;
    private static final int SENTINELS = 3;
    /**
     * Sentinel's defaults (30 s down-after, 3 min failover timeout) would make each test wait minutes; 1 s of
     * down-after took a busy, just promoted primary for down under CI's load and failed over again.
     */
    private static final Duration DOWN_AFTER = Duration.ofSeconds(3);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    private final String password;
    private final List<RedisServerProcess> nodes = new ArrayList<>();
    private final List<RedisServerProcess> sentinels = new ArrayList<>();

    private SentinelTopology(String password) {
        this.password = password;
    }

    /** @param password null for none; otherwise the nodes, their replication and the Sentinels all use it */
    public static SentinelTopology start(String password) {
        return start(password, null, List.of());
    }

    /**
     * @param directory     where the nodes' and the Sentinels' directories go; null for temporary ones
     * @param nodeArguments more options for both Redis nodes ({@code --maxmemory 3gb})
     */
    public static SentinelTopology start(String password, Path directory, List<String> nodeArguments) {
        SentinelTopology topology = new SentinelTopology(password);
        RedisServerProcess primary = topology.node(nodeArguments, in(directory, "redis-a")).start();
        topology.nodes.add(primary);
        List<String> replica = new ArrayList<>(nodeArguments);
        replica.addAll(List.of("--replicaof", primary.host(), String.valueOf(primary.port())));
        topology.nodes.add(topology.node(replica, in(directory, "redis-b")).start());
        for (int i = 1; i <= SENTINELS; i++) {
            topology.sentinels.add(topology.sentinel(primary.port(), in(directory, "sentinel-" + i)).start());
        }
        return topology;
    }

    /** The Sentinels as {@code REDIS_URL} lists them for {@code REDIS_CLIENT_TYPE=sentinel}, comma separated. */
    public String sentinelUrls() {
        return sentinels.stream().map(RedisServerProcess::url).collect(Collectors.joining(","));
    }

    public List<RedisServerProcess> sentinels() {
        return List.copyOf(sentinels);
    }

    /** The node the Sentinels name as the primary now; it changes after a failover. */
    public RedisServerProcess primary() {
        int port = primaryPort();
        return nodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sentinels name an unknown primary on port " + port));
    }

    /** A node that is not the current primary. */
    public RedisServerProcess replica() {
        int port = primaryPort();
        return nodes.stream().filter(node -> node.port() != port).findFirst().orElseThrow();
    }

    /** The primary's port as the first Sentinel that answers reports it. */
    @SuppressWarnings("unchecked")
    public int primaryPort() {
        RuntimeException last = null;
        for (RedisServerProcess sentinel : sentinels) {
            try {
                List<Object> address = (List<Object>) sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
                return Integer.parseInt((String) address.get(1));
            } catch (RuntimeException down) {
                last = down;
            }
        }
        throw new IllegalStateException("no sentinel answers", last);
    }

    /** {@code kill -9} of the current primary, and its data directory deleted: the machine is gone. */
    public RedisServerProcess losePrimary() {
        RedisServerProcess primary = primary();
        primary.kill();
        Directories.deleteTree(primary.dataDirectory());
        return primary;
    }

    /**
     * Starts a lost node again, empty, on its port, as a replica of the current primary, and returns once it holds
     * the primary's data. Until then it may not be promoted (replica-priority 0): a Sentinel that took the primary
     * for down in that window would otherwise promote the empty node, and every acknowledged entry would go. That
     * happened once under CI's load, with 1 s of down-after.
     */
    public void restart(RedisServerProcess node) {
        try {
            Files.createDirectories(node.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int primaryPort = primaryPort();
        node.start();
        node.command("CONFIG", "SET", "replica-priority", "0");
        node.command("REPLICAOF", node.host(), String.valueOf(primaryPort));
        awaitLinked(node);
        node.command("CONFIG", "SET", "replica-priority", "100");
    }

    private static void awaitLinked(RedisServerProcess node) {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        while (!String.valueOf(node.command("INFO", "replication")).contains("master_link_status:up")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server :" + node.port() + " not synchronised within " + SYNC_TIMEOUT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every node, primary or replica, in the order they were started. */
    public List<RedisServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    private RedisServerProcess node(List<String> more, Path directory) {
        List<String> arguments = new ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
        if (password != null) {
            arguments.addAll(List.of("--masterauth", password));
        }
        arguments.addAll(more);
        return RedisServerProcess.builder().password(password).appendOnly(true).dataDirectory(directory)
                .arguments(arguments).build();
    }

    private static Path in(Path directory, String name) {
        return directory == null ? null : directory.resolve(name);
    }

    private RedisServerProcess sentinel(int primaryPort, Path configured) {
        try {
            Path directory = configured != null ? Files.createDirectories(configured)
                    : Files.createTempDirectory("loadproof-sentinel");
            String monitor = "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " " + QUORUM + "\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis() + "\n"
                    + "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT.toMillis() + "\n"
                    + (password == null ? "" : "sentinel auth-pass " + MASTER_NAME + " " + password + "\n");
            Path config = Files.writeString(directory.resolve("sentinel-template.conf"), monitor);
            return RedisServerProcess.builder().password(password).dataDirectory(directory)
                    .configFile(config).arguments(List.of("--sentinel")).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServerProcess::kill);
        nodes.forEach(RedisServerProcess::kill);
    }
}
