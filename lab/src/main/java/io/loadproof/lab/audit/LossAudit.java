package io.loadproof.lab.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.loadproof.lab.Console;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.monitor.StreamBacklog;
import io.loadproof.lab.system.SystemUnderTest;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;
import redis.clients.jedis.Jedis;

/**
 * Is every acknowledged document in MongoDB, exactly once? The collection may hold documents from
 * before the run (a deployment that has served before), so the audit counts them first and
 * judges only what the run added: at least 5 x the acknowledged requests, and no more than the
 * requests whose outcome the client did not learn (no answer, or a 503 for an enqueue Redis had
 * accepted) explain. Every sampled id returned to a client must be stored exactly once, as a valid
 * written document. With Redis in reach, nothing may be left in the stream and the dead-letter
 * stream may grow only by what a scenario injected. This assumes no other client writes to the
 * collection during the run.
 */
public final class LossAudit {

    private final SystemUnderTest system;
    private final long documentsBefore;
    private final long deadLettersBefore;

    private LossAudit(SystemUnderTest system, long documentsBefore, long deadLettersBefore) {
        this.system = system;
        this.documentsBefore = documentsBefore;
        this.deadLettersBefore = deadLettersBefore;
    }

    /** Before the load: what is already stored. Empty when the lab cannot reach the system's MongoDB. */
    public static Optional<LossAudit> prepare(SystemUnderTest system) {
        if (system.mongoUri().isEmpty()) {
            return Optional.empty();
        }
        try (StoredDocuments stored = documents(system)) {
            long before = stored.count();
            long deadLetters = system.redis().map(LossAudit::deadLetters).orElse(-1L);
            Console.info(String.format("audit baseline: %,d documents stored before the run", before));
            return Optional.of(new LossAudit(system, before, deadLetters));
        }
    }

    /**
     * Without Redis to watch the backlog: waits until the run's documents are stored, or their count
     * has stopped growing for half a minute.
     */
    public Optional<Duration> awaitStored(LoadRecorder.Summary load, Duration timeout) {
        long expected = documentsBefore + load.acknowledged() * QueuedWrite.DOCUMENTS_PER_REQUEST;
        long started = System.nanoTime();
        try (StoredDocuments stored = documents(system)) {
            long count = stored.count();
            long previous = count;
            long lastChange = started;
            while (count < expected) {
                long now = System.nanoTime();
                if (count != previous) {
                    previous = count;
                    lastChange = now;
                }
                if (now - started > timeout.toNanos() || now - lastChange > Duration.ofSeconds(30).toNanos()) {
                    Console.warn(String.format("%,d of the run's %,d documents stored", count - documentsBefore,
                            expected - documentsBefore));
                    return Optional.empty();
                }
                pause();
                count = stored.count();
            }
            return Optional.of(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** @param expectedDeadLetters poison entries a scenario injected on purpose */
    public AuditResult check(LoadRecorder.Summary load, Path sampledIdsFile, long expectedDeadLetters) {
        system.beforeAudit();
        long after;
        StoredDocuments.IdCheck ids;
        try (StoredDocuments stored = documents(system)) {
            after = stored.count();
            ids = stored.check(StoredDocuments.ids(readLines(sampledIdsFile)));
        }
        StreamBacklog left = system.redis().map(LossAudit::backlog).orElse(new StreamBacklog(-1, -1));
        long deadLetters = deadLettersBefore < 0 ? -1 : system.redis().map(LossAudit::deadLetters).orElse(-1L) - deadLettersBefore;
        return new AuditResult(load.acknowledged(), documentsBefore, after, ids.checked(), ids.missing(),
                ids.duplicated(), ids.invalid(), (load.ambiguous() + load.rejected()) * QueuedWrite.DOCUMENTS_PER_REQUEST,
                deadLetters, expectedDeadLetters, left.entries(), left.pending());
    }

    private static StoredDocuments documents(SystemUnderTest system) {
        return new StoredDocuments(system.mongoUri().orElseThrow(), system.mongoIsLabStandIn());
    }

    private static long deadLetters(Supplier<Jedis> redis) {
        try (Jedis client = redis.get()) {
            return client.xlen(RedisKeys.DEAD_LETTER_STREAM);
        }
    }

    private static StreamBacklog backlog(Supplier<Jedis> redis) {
        try (Jedis client = redis.get()) {
            return StreamBacklog.read(client);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
