package io.loadproof.embedded.cli;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import com.sun.net.httpserver.HttpServer;

import io.loadproof.embedded.mongo.MongoWireServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code embedded-servers mongo}: a MongoDB wire-protocol server with its admin port (see
 * {@link MongoAdminServer}). With {@code --digest-payloads} it keeps documents the lab's way:
 * fields as BSON bytes, the payload as a digest.
 */
@Command(name = "mongo", separator = " ", sortOptions = false,
        description = "A MongoDB wire-protocol server that counts, and can cap, commands and documents per second.")
final class MongoServerCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Option(names = "--port", paramLabel = "N", defaultValue = "27017", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--iops", paramLabel = "N", description = "at most N commands a second (default: no limit)")
    int iops;

    @Option(names = "--docs-per-second", paramLabel = "N", description = "store at most N documents a second (default: no limit)")
    int documentsPerSecond;

    @Option(names = "--admin-port", paramLabel = "N", description = "port of the admin endpoints (default: a free one)")
    int adminPort;

    @Option(names = "--digest-payloads", description = "keep each document's payload as a digest (the lab's storage)")
    boolean digestPayloads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        MongoWireServer mongo = MongoWireServer.start(port, new MongoWireServer.Limits(positive(iops), positive(documentsPerSecond)),
                digestPayloads);
        HttpServer admin = MongoAdminServer.start(mongo, adminPort);
        System.out.println("mongo-wire-server listening on 127.0.0.1:" + mongo.port()
                + (iops > 0 ? " (at most " + iops + " commands/s)" : " (no command limit)")
                + (documentsPerSecond > 0 ? ", at most " + documentsPerSecond + " documents/s stored" : "")
                + (digestPayloads ? ", payloads kept as digests" : "")
                + ", admin on 127.0.0.1:" + admin.getAddress().getPort());
        EmbeddedServersMain.awaitShutdown(() -> {
            admin.stop(0);
            mongo.close();
        });
        return 0;
    }

    private static OptionalInt positive(int value) {
        return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
    }
}
