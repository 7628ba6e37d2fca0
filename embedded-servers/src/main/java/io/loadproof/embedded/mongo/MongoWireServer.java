package io.loadproof.embedded.mongo;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.loadproof.embedded.process.FreePorts;
import io.netty.channel.Channel;

/**
 * A MongoDB wire-protocol server ({@code mongo-java-server}, memory backend) on a loopback port,
 * which the real MongoDB driver talks to over TCP. Every command it serves is counted; with a
 * limit it admits at most that many commands a second, standing in for the starved 100-IOPS
 * MongoDB of the assessment; with a document limit it stores at most that many documents a second,
 * delaying (never refusing) the inserts, as a MongoDB slower than the writers would. It can be stopped and started again on the same port with its data
 * kept, to simulate an outage, and made to refuse every inserted document for a while, to simulate
 * a collection-wide rejection.
 */
public final class MongoWireServer implements AutoCloseable {

    private final CountingBackend backend;
    private final CommandStats stats = new CommandStats();
    private int port;
    private MongoServer server;

    private MongoWireServer(int port, Limits limits, boolean digestPayloads) {
        this.port = port;
        this.backend = new CountingBackend(stats, limits, digestPayloads);
    }

    /**
     * @param commandsPerSecond  commands admitted in each wall-clock second
     * @param documentsPerSecond documents stored a second (inserts wait for their share)
     */
    public record Limits(OptionalInt commandsPerSecond, OptionalInt documentsPerSecond) {

        public static Limits none() {
            return new Limits(OptionalInt.empty(), OptionalInt.empty());
        }
    }

    public static MongoWireServer startNew() {
        return start(0, OptionalInt.empty());
    }

    /** @param port 0 for a free port */
    public static MongoWireServer start(int port, OptionalInt commandsPerSecond) {
        return start(port, commandsPerSecond, false);
    }

    /** @param digestPayloads the lab's storage (see {@link CompactMemoryBackend}): payloads kept as digests */
    public static MongoWireServer start(int port, OptionalInt commandsPerSecond, boolean digestPayloads) {
        return start(port, new Limits(commandsPerSecond, OptionalInt.empty()), digestPayloads);
    }

    /** @param port 0 for a free port */
    public static MongoWireServer start(int port, Limits limits, boolean digestPayloads) {
        MongoWireServer server = new MongoWireServer(port == 0 ? FreePorts.next() : port, limits, digestPayloads);
        server.start();
        return server;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        MongoServer started = new MongoServer(backend);
        started.bind(new InetSocketAddress("127.0.0.1", port));
        server = started;
    }

    /** Closes every client connection and stops listening; the data stays for {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    /**
     * From now on every document of every insert is refused with a write error, as by a collection
     * validator that no document passes (code 121); {@link #acceptInserts()} ends it.
     */
    public void rejectInserts() {
        backend.rejectingInserts = true;
    }

    public void acceptInserts() {
        backend.rejectingInserts = false;
    }

    /**
     * From now on every insert stores its documents but answers with a {@code writeConcernError}
     * (code 64, as when the journal or a replica could not confirm the write in time);
     * {@link #confirmWrites()} ends it.
     */
    public void failWriteConcern() {
        backend.failingWriteConcern = true;
    }

    public void confirmWrites() {
        backend.failingWriteConcern = false;
    }

    public CommandStats stats() {
        return stats;
    }

    /**
     * From now on every command runs at once, and every document is stored at once: for an audit
     * after the run, which is not the platform's traffic.
     */
    public void liftCommandLimit() {
        backend.liftLimit();
        liftDocumentLimit();
    }

    /** From now on inserts store their documents without waiting (the command limit stays). */
    public void liftDocumentLimit() {
        if (backend.documentLimiter != null) {
            backend.documentLimiter.lift();
        }
    }

    /** The documents stored a second while the document limit holds; empty without one or once lifted. */
    public OptionalInt documentLimit() {
        DocumentRateLimiter limiter = backend.documentLimiter;
        return limiter == null || limiter.isLifted() ? OptionalInt.empty() : OptionalInt.of(limiter.perSecond());
    }

    @Override
    public void close() {
        stop();
        backend.discard();
    }

    private static final int DOCUMENT_VALIDATION_FAILURE = 121;
    private static final int WRITE_CONCERN_FAILED = 64;

    private static final class CountingBackend extends CompactMemoryBackend {
        private final CommandStats stats;
        private final CommandRateLimiter limiter;
        private final DocumentRateLimiter documentLimiter;
        private volatile boolean rejectingInserts;
        private volatile boolean failingWriteConcern;

        CountingBackend(CommandStats stats, Limits limits, boolean digestPayloads) {
            super(digestPayloads);
            this.stats = stats;
            this.limiter = limits.commandsPerSecond().isPresent()
                    ? new CommandRateLimiter(limits.commandsPerSecond().getAsInt()) : null;
            this.documentLimiter = limits.documentsPerSecond().isPresent()
                    ? new DocumentRateLimiter(limits.documentsPerSecond().getAsInt()) : null;
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            if (limiter != null) {
                limiter.admit();
            }
            stats.record(command, System.currentTimeMillis(), query);
            boolean insert = "insert".equalsIgnoreCase(command);
            if (rejectingInserts && insert) {
                return everyDocumentRefused(query);
            }
            if (documentLimiter != null && insert) {
                documentLimiter.admit(documents(query));
            }
            Document reply = super.handleCommand(channel, databaseName, command, query);
            if (failingWriteConcern && insert) {
                reply.put("writeConcernError", new Document("code", WRITE_CONCERN_FAILED)
                        .append("codeName", "WriteConcernFailed").append("errmsg", "waiting for the journal timed out"));
            }
            return reply;
        }

        private static int documents(Document insert) {
            return insert.get("documents") instanceof List<?> list ? list.size() : 0;
        }

        private static Document everyDocumentRefused(Document insert) {
            int documents = documents(insert);
            List<Document> errors = new ArrayList<>(documents);
            for (int i = 0; i < documents; i++) {
                errors.add(new Document("index", i).append("code", DOCUMENT_VALIDATION_FAILURE)
                        .append("codeName", "DocumentValidationFailure").append("errmsg", "Document failed validation"));
            }
            return new Document("n", 0).append("writeErrors", errors).append("ok", 1.0);
        }

        void liftLimit() {
            if (limiter != null) {
                limiter.lift();
            }
        }

        /** MongoServer.shutdown() closes its backend, which drops the data; an outage must keep it. */
        @Override
        public void close() {
        }

        void discard() {
            super.close();
        }
    }
}
