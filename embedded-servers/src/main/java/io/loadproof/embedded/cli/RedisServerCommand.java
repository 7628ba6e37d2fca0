package io.loadproof.embedded.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.loadproof.embedded.redis.RedisServerProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embedded-servers redis}: a real redis-server on a loopback port. */
@Command(name = "redis", separator = " ", sortOptions = false, description = "A real redis-server (the embedded binary).")
final class RedisServerCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Option(names = "--port", paramLabel = "N", defaultValue = "6379", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--appendonly", description = "keep an append-only file")
    boolean appendOnly;

    @Option(names = "--appendfsync", paramLabel = "always|everysec|no", defaultValue = "always",
            description = "fsync policy of the append-only file (default: ${DEFAULT-VALUE})")
    String appendFsync;

    @Option(names = "--password", paramLabel = "P", description = "requirepass")
    String password;

    @Option(names = "--dir", paramLabel = "D", description = "data directory (default: a new temporary one)")
    Path directory;

    @Override
    public Integer call() throws InterruptedException {
        RedisServerProcess.Builder builder = RedisServerProcess.builder()
                .port(port)
                .appendOnly(appendOnly)
                .appendFsync(appendFsync)
                .password(password);
        if (directory != null) {
            builder.dataDirectory(directory);
        }
        RedisServerProcess redis = builder.build().start();
        System.out.println("redis-server listening on 127.0.0.1:" + redis.port() + " (data in " + redis.dataDirectory() + ")");
        EmbeddedServersMain.awaitShutdown(redis::stop);
        return 0;
    }
}
