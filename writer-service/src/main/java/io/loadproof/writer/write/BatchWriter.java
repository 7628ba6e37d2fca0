package io.loadproof.writer.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.loadproof.writer.cache.LatestIdsPublisher;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.InsertResult;
import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.resilience.GiveUpException;

/**
 * Writes one batch of stream entries for one worker, in four steps: decode (malformed entries go
 * to the dead-letter stream, entries of a newer codec version are left pending), insert (a budget
 * slot, then one unordered insertMany, retried as long as MongoDB is unavailable), settle
 * (acknowledge+delete exactly the entries MongoDB stored; hold the ones it rejected for a retry,
 * or dead-letter them once rejected long enough), and publish the newest ids to the read cache.
 */
@Singleton
public class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    /** Codec versions this process has said it leaves to newer writers: said once each. */
    private static final Set<Integer> ANNOUNCED_VERSIONS = ConcurrentHashMap.newKeySet();

    private final DecodeTurn decodeTurn;
    private final BudgetedInserter inserter;
    private final EntryOutcomes outcomes;
    private final LatestIdsPublisher publisher;
    private final WriterMetrics metrics;

    public BatchWriter(DecodeTurn decodeTurn, BudgetedInserter inserter, EntryOutcomes outcomes,
            LatestIdsPublisher publisher, WriterMetrics metrics) {
        this.decodeTurn = decodeTurn;
        this.inserter = inserter;
        this.outcomes = outcomes;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** @throws GiveUpException when shutting down and the grace period ended first; the rest stays pending */
    public void write(WorkerHand hand, List<QueuedEntry> entries) throws GiveUpException, InterruptedException {
        if (entries.isEmpty()) {
            return;
        }
        DecodedBatch batch = decode(hand, entries);
        if (batch.documents.isEmpty()) {
            return;
        }
        InsertResult result = insert(hand, batch);
        settle(hand, batch, result);
        publish(batch, result);
    }

    /** The entry failed alone with a bug (not an outage): it goes to the dead-letter stream, with the bug as its reason. */
    public void deadLetterAfterBug(WorkerHand hand, QueuedEntry entry, RuntimeException bug)
            throws GiveUpException, InterruptedException {
        hand.rejected().release(entry.id());
        outcomes.deadLetter(hand.consumer(), entry, "writer error: " + bug);
        metrics.deadLetteredAfterBug();
    }

    private DecodedBatch decode(WorkerHand hand, List<QueuedEntry> entries) throws GiveUpException, InterruptedException {
        DecodedBatch batch;
        decodeTurn.acquire();
        try {
            batch = DecodedBatch.decode(entries, hand.encoder());
        } finally {
            decodeTurn.release();
        }
        for (DecodedBatch.Malformed entry : batch.malformed) {
            outcomes.deadLetter(hand.consumer(), entry.entry(), entry.reason());
            metrics.deadLetteredMalformed();
        }
        leaveToNewerWriters(hand.consumer(), batch.newer);
        return batch;
    }

    /**
     * Not poison: a writer of that version (a rolling upgrade runs both) will claim them. They stay
     * pending on this consumer, neither acknowledged nor held in memory, so this writer sees each
     * again only when a claim scan finds it idle for CLAIM_IDLE_MS: no spinning on them.
     */
    private void leaveToNewerWriters(String consumer, List<DecodedBatch.Newer> newer) {
        if (newer.isEmpty()) {
            return;
        }
        metrics.newerVersion(newer.size());
        for (DecodedBatch.Newer entry : newer) {
            if (ANNOUNCED_VERSIONS.add(entry.version())) {
                LOG.infof("%s: entries of codec version %d (first: %s) are left pending for a writer that knows it",
                        consumer, entry.version(), entry.entry().id());
            }
        }
    }

    private InsertResult insert(WorkerHand hand, DecodedBatch batch) throws GiveUpException, InterruptedException {
        List<String> ids = batch.ids();
        return inserter.insert(batch.documents, ids.size() + " entries left pending",
                () -> hand.keeper().keepIfDue(() -> Stream.concat(ids.stream(), hand.rejected().ids().stream()).toList()));
    }

    private void settle(WorkerHand hand, DecodedBatch batch, InsertResult result)
            throws GiveUpException, InterruptedException {
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
        outcomes.acknowledge(written);
        written.forEach(hand.rejected()::release);
        metrics.batchWritten(writtenDocuments, result.duplicates());
        for (DecodedBatch.Decoded entry : refused) {
            retryOrDeadLetter(hand, entry.entry(), entry.rejection(result));
        }
    }

    private void retryOrDeadLetter(WorkerHand hand, QueuedEntry entry, String reason)
            throws GiveUpException, InterruptedException {
        metrics.rejected(1);
        Optional<String> doomed = hand.rejected().rejected(entry, reason);
        if (doomed.isPresent()) {
            outcomes.deadLetter(hand.consumer(), entry, doomed.get());
            metrics.deadLetteredRejected();
        }
    }

    /** Best effort: the next batch refreshes it, and the API falls back on its own cache meanwhile. */
    private void publish(DecodedBatch batch, InsertResult result) {
        try {
            publisher.publish(batch.newestWrittenIds(result));
        } catch (RuntimeException e) {
            // Redis down, or at maxmemory (a SET may grow memory): the drain matters more than the cache.
            LOG.debugf("Read cache not refreshed: %s", e.getMessage());
        }
    }
}
