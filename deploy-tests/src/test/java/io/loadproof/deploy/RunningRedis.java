package io.loadproof.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import io.loadproof.embedded.FreePorts;
import io.loadproof.embedded.RedisBinary;
import io.loadproof.embedded.RespClient;

/**
 * A redis-server (the binary embedded-servers provides) started with a given configuration file
 * text; only {@code dir}, a cluster path, is replaced by a folder of the test's.
 */
final class RunningRedis implements AutoCloseable {

    private final int port;
    private final Process process;

    private RunningRedis(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    int port() {
        return port;
    }

    static RunningRedis start(String conf, Path directory, String password, List<String> overrides)
            throws IOException, InterruptedException {
        Path data = Files.createDirectories(directory.resolve("data"));
        String local = conf.replaceFirst("(?m)^dir .*$", Matcher.quoteReplacement("dir " + data));
        Path file = directory.resolve("redis.conf");
        Files.writeString(file, local);
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(RedisBinary.locate().toString(), file.toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--requirepass", password));
        command.addAll(overrides);
        Path log = directory.resolve("redis.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server refused the configuration:\n" + Files.readString(log));
            }
            try (RespClient probe = RespClient.connect("127.0.0.1", port, password)) {
                if ("PONG".equals(probe.call("PING"))) {
                    return new RunningRedis(port, process);
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("redis-server did not answer within 15 s:\n" + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
