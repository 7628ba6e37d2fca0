package io.loadproof.writer.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.bson.RawBsonDocument;
import org.jboss.logging.Logger;

import io.loadproof.writer.persistence.DatabaseUnavailableException;
import io.loadproof.writer.persistence.InsertResult;
import io.loadproof.writer.persistence.RecordEncoder;
import io.loadproof.writer.queue.QueuedEntry;

/**
 * Writes one batch of stream entries for one worker, in four steps: decode (malformed entries go
 * to the dead-letter stream, entries of a newer codec version are left pending), insert (a budget
 * slot, then one unordered insertMany, retried as long as MongoDB is unavailable), settle
 * (acknowledge+delete exactly the entries MongoDB stored; hold the ones it rejected for a retry,
 * or dead-letter them once rejected long enough), and publish the newest ids to the read cache.
 */
final class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    /** Codec versions this process has said it leaves to newer writers: said once each. */
    private static final Set<Integer> ANNOUNCED_VERSIONS = ConcurrentHashMap.newKeySet();

    private final WriterContext context;
    private final String consumer;
    private final RejectedEntries rejected;
    private final ClaimKeeper keeper;
    private final Retrier retrier;
    private final RecordEncoder encoder;

    BatchWriter(WriterContext context, String consumer, RejectedEntries rejected, ClaimKeeper keeper) {
        this.context = context;
        this.consumer = consumer;
        this.rejected = rejected;
        this.keeper = keeper;
        this.retrier = context.retrier();
        this.encoder = new RecordEncoder(context.config().batchSize());
    }

    /** @throws GiveUpException when shutting down and the grace period ended first; the rest stays pending */
    void write(List<QueuedEntry> entries) throws GiveUpException, InterruptedException {
        if (entries.isEmpty()) {
            return;
        }
        DecodedBatch batch = decode(entries);
        if (batch.documents.isEmpty()) {
            return;
        }
        InsertResult result = insert(batch);
        settle(batch, result);
        publish(batch, result);
    }

    private DecodedBatch decode(List<QueuedEntry> entries) throws GiveUpException, InterruptedException {
        DecodedBatch batch;
        context.turns().decode.acquire();
        try {
            batch = DecodedBatch.decode(entries, encoder);
        } finally {
            context.turns().decode.release();
        }
        for (DecodedBatch.Malformed entry : batch.malformed) {
            deadLetter(entry.entry(), entry.reason());
            context.metrics().deadLetteredMalformed();
        }
        leaveToNewerWriters(batch.newer);
        return batch;
    }

    /**
     * Not poison: a writer of that version (a rolling upgrade runs both) will claim them. They stay
     * pending on this consumer, neither acknowledged nor held in memory, so this writer sees each
     * again only when a claim scan finds it idle for CLAIM_IDLE_MS: no spinning on them.
     */
    private void leaveToNewerWriters(List<DecodedBatch.Newer> newer) {
        if (newer.isEmpty()) {
            return;
        }
        context.metrics().newerVersion(newer.size());
        for (DecodedBatch.Newer entry : newer) {
            if (ANNOUNCED_VERSIONS.add(entry.version())) {
                LOG.infof("%s: entries of codec version %d (first: %s) are left pending for a writer that knows it",
                        consumer, entry.version(), entry.entry().id());
            }
        }
    }

    private InsertResult insert(DecodedBatch batch) throws GiveUpException, InterruptedException {
        List<String> ids = batch.ids();
        return retrier.until(ids.size() + " entries left pending", () -> tryInsert(batch.documents),
                () -> keeper.keepIfDue(() -> Stream.concat(ids.stream(), rejected.ids().stream()).toList()));
    }

    /** @return null when MongoDB, or Redis for the budget slot, was unavailable */
    private InsertResult tryInsert(List<RawBsonDocument> documents) throws InterruptedException {
        try {
            context.metrics().budgetWaited(context.budget().acquire());
            long start = System.nanoTime();
            InsertResult result = context.repository().insert(documents);
            context.metrics().inserted(System.nanoTime() - start);
            context.mongo().succeeded();
            return result;
        } catch (DatabaseUnavailableException e) {
            context.mongo().failed(e.getCause());
            context.metrics().unavailableRetry();
            return null;
        } catch (RuntimeException e) {
            Outages.rethrowUnlessOutage(e);
            context.redis().failed(e);
            return null;
        }
    }

    private void settle(DecodedBatch batch, InsertResult result) throws GiveUpException, InterruptedException {
        List<String> written = new ArrayList<>(batch.decoded.size());
        List<DecodedBatch.Decoded> refused = new ArrayList<>();
        int writtenDocuments = 0;
        for (DecodedBatch.Decoded entry : batch.decoded) {
            if (entry.rejection(result) == null) {
                written.add(entry.entry().id());
                writtenDocuments += entry.write().size();
            } else {
                refused.add(entry);
            }
        }
        acknowledge(written);
        context.metrics().batchWritten(writtenDocuments, result.duplicates());
        for (DecodedBatch.Decoded entry : refused) {
            retryOrDeadLetter(entry.entry(), entry.rejection(result));
        }
    }

    private void acknowledge(List<String> ids) throws GiveUpException, InterruptedException {
        // Written but not acknowledged if the grace period ends: a later claim rewrites them as E11000 duplicates.
        retrier.until(ids.size() + " written entries left pending", () -> redisCall(() -> context.queue().ackAndDelete(ids)));
        ids.forEach(rejected::release);
    }

    private void retryOrDeadLetter(QueuedEntry entry, String reason) throws GiveUpException, InterruptedException {
        context.metrics().rejected(1);
        Optional<String> doomed = rejected.rejected(entry, reason);
        if (doomed.isPresent()) {
            deadLetter(entry, doomed.get());
            context.metrics().deadLetteredRejected();
        }
    }

    /** The entry failed alone with a bug (not an outage): it goes to the dead-letter stream, with the bug as its reason. */
    void deadLetterAfterBug(QueuedEntry entry, RuntimeException bug) throws GiveUpException, InterruptedException {
        rejected.release(entry.id());
        deadLetter(entry, "writer error: " + bug);
        context.metrics().deadLetteredAfterBug();
    }

    private void deadLetter(QueuedEntry entry, String reason) throws GiveUpException, InterruptedException {
        String shortReason = abbreviate(reason);
        boolean[] moved = new boolean[1];
        retrier.until("entry " + entry.id() + " left pending",
                () -> redisCall(() -> moved[0] = context.queue().deadLetter(consumer, entry.id(), shortReason)));
        if (moved[0]) {
            LOG.warnf("Entry %s moved to the dead-letter stream: %s", entry.id(), shortReason);
        } else {
            LOG.infof("Entry %s not dead-lettered (%s): another writer holds it now, or it was written", entry.id(),
                    shortReason);
        }
    }

    /** Best effort: the next batch refreshes it, and the API falls back on its own cache meanwhile. */
    private void publish(DecodedBatch batch, InsertResult result) {
        try {
            context.publisher().publish(batch.newestWrittenIds(result));
        } catch (RuntimeException e) {
            // Redis down, or at maxmemory (a SET may grow memory): the drain matters more than the cache.
            LOG.debugf("Read cache not refreshed: %s", e.getMessage());
        }
    }

    /** @return TRUE, or null when Redis failed */
    private Boolean redisCall(Runnable call) {
        try {
            call.run();
            context.redis().succeeded();
            return Boolean.TRUE;
        } catch (RuntimeException e) {
            Outages.rethrowUnlessOutage(e);
            context.redis().failed(e);
            return null;
        }
    }

    /**
     * Reasons stay short and never carry a payload (MongoDB's dup-key messages quote the key), in the
     * log and in the dead-letter stream, whose entries are then bounded by the entry they carry.
     */
    static String abbreviate(String reason) {
        int dupKey = reason.indexOf(" dup key:");
        String shown = dupKey >= 0 ? reason.substring(0, dupKey) + " dup key: ..." : reason;
        return shown.length() <= 200 ? shown : shown.substring(0, 200) + "...";
    }
}
