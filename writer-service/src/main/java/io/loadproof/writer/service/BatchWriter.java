package io.loadproof.writer.service;

import java.util.ArrayList;
import java.util.List;

import org.bson.RawBsonDocument;
import org.jboss.logging.Logger;

import io.loadproof.model.MalformedEntryException;
import io.loadproof.model.QueuedDocument;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.loadproof.writer.budget.IopsBudget;
import io.loadproof.writer.cache.ReadCache;
import io.loadproof.writer.config.WriterConfig;
import io.loadproof.writer.metrics.WriterMetrics;
import io.loadproof.writer.persistence.DatabaseUnavailableException;
import io.loadproof.writer.persistence.InsertResult;
import io.loadproof.writer.persistence.RecordStore;
import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.queue.WriteQueue;

/**
 * Writes one batch of stream entries: decodes them (malformed ones go to the dead-letter stream
 * at once), takes a budget slot, sends one unordered insertMany, and acknowledges+deletes exactly
 * the entries MongoDB stored. While MongoDB is unavailable the whole batch is retried with capped
 * exponential backoff and nothing is acknowledged. Entries MongoDB rejects are handed back for
 * another attempt, until {@code MAX_DELIVERIES}, then dead-lettered.
 */
public final class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final WriteQueue queue;
    private final RecordStore store;
    private final IopsBudget budget;
    private final ReadCache cache;
    private final WriterMetrics metrics;
    private final Availability mongo;
    private final Availability redis;
    private final StopSignal stop;
    private final WriterConfig config;

    public BatchWriter(WriteQueue queue, RecordStore store, IopsBudget budget, ReadCache cache, WriterMetrics metrics,
            Availability mongo, Availability redis, StopSignal stop, WriterConfig config) {
        this.queue = queue;
        this.store = store;
        this.budget = budget;
        this.cache = cache;
        this.metrics = metrics;
        this.mongo = mongo;
        this.redis = redis;
        this.stop = stop;
        this.config = config;
    }

    /**
     * @return the entries MongoDB rejected that deserve another attempt (fewer than
     *         {@code MAX_DELIVERIES} so far); the caller puts them in its next batch
     * @throws GiveUpException when shutting down and the grace period ended before the batch was
     *         written and acknowledged: what is not acknowledged stays pending for a later claim
     */
    public List<QueuedEntry> write(String consumer, List<QueuedEntry> entries)
            throws GiveUpException, InterruptedException {
        List<Decoded> decoded = new ArrayList<>(entries.size());
        List<RawBsonDocument> documents = new ArrayList<>(entries.size() * QueuedWrite.DOCUMENTS_PER_REQUEST);
        for (QueuedEntry entry : entries) {
            QueuedWrite write;
            try {
                if (entry.message() == null) {
                    throw new MalformedEntryException("no '" + RedisKeys.ENTRY_FIELD + "' field");
                }
                write = QueuedWriteCodec.decode(entry.message());
            } catch (MalformedEntryException e) {
                deadLetter(entry, "malformed: " + e.getMessage());
                metrics.deadLetteredMalformed();
                continue;
            }
            decoded.add(new Decoded(entry, write, documents.size()));
            for (QueuedDocument document : write.documents()) {
                documents.add(RecordStore.encode(document));
            }
        }
        if (documents.isEmpty()) {
            return List.of();
        }

        long insertStart = 0;
        InsertResult result = null;
        long backoff = config.retryInitialMs();
        long lastKeptClaimed = System.nanoTime();
        while (result == null) {
            try {
                metrics.budgetWaited(budget.acquire());
                insertStart = System.nanoTime();
                result = store.insert(documents);
                mongo.succeeded();
            } catch (DatabaseUnavailableException e) {
                mongo.failed(e.getCause());
                metrics.unavailableRetry();
            } catch (RuntimeException e) {
                // the budget lives in Redis
                redis.failed(e);
            }
            if (result == null) {
                if (stop.overdue() || !stop.pause(backoff)) {
                    throw new GiveUpException(entries.size() + " entries left pending: shutdown grace period over");
                }
                backoff = Math.min(backoff * 2, config.retryMaxMs());
                if ((System.nanoTime() - lastKeptClaimed) / 1_000_000 > config.claimIdleMs() / 3) {
                    keepClaimed(consumer, decoded);
                    lastKeptClaimed = System.nanoTime();
                }
            }
        }
        long insertNanos = System.nanoTime() - insertStart;

        List<String> written = new ArrayList<>(decoded.size());
        List<Decoded> rejected = new ArrayList<>();
        int writtenDocuments = 0;
        for (Decoded entry : decoded) {
            if (entry.rejection(result) == null) {
                written.add(entry.entry.id());
                writtenDocuments += entry.write.size();
            } else {
                rejected.add(entry);
            }
        }
        acknowledge(written);
        metrics.batchWritten(writtenDocuments, result.duplicates(), insertNanos);

        List<QueuedEntry> retry = new ArrayList<>();
        if (!rejected.isEmpty()) {
            metrics.rejected(rejected.size());
            for (Decoded entry : rejected) {
                String reason = entry.rejection(result);
                if (entry.entry.deliveries() >= config.maxDeliveries()) {
                    deadLetter(entry.entry, "rejected " + entry.entry.deliveries() + " times: " + reason);
                    metrics.deadLetteredRejected();
                } else {
                    retry.add(entry.entry.redelivered());
                }
            }
        }
        publishNewest(decoded, result);
        return retry;
    }

    private void acknowledge(List<String> ids) throws GiveUpException, InterruptedException {
        long backoff = config.retryInitialMs();
        while (true) {
            try {
                queue.ackAndDelete(ids);
                redis.succeeded();
                return;
            } catch (RuntimeException e) {
                redis.failed(e);
            }
            if (stop.overdue() || !stop.pause(backoff)) {
                // Written but not acknowledged: a later claim rewrites them as E11000 duplicates.
                throw new GiveUpException(ids.size() + " written entries left pending: shutdown grace period over");
            }
            backoff = Math.min(backoff * 2, config.retryMaxMs());
        }
    }

    private void deadLetter(QueuedEntry entry, String reason) throws GiveUpException, InterruptedException {
        long backoff = config.retryInitialMs();
        while (true) {
            try {
                queue.deadLetter(entry, reason);
                LOG.warnf("Entry %s moved to the dead-letter stream: %s", entry.id(), abbreviate(reason));
                return;
            } catch (RuntimeException e) {
                redis.failed(e);
            }
            if (stop.overdue() || !stop.pause(backoff)) {
                throw new GiveUpException("entry " + entry.id() + " left pending: shutdown grace period over");
            }
            backoff = Math.min(backoff * 2, config.retryMaxMs());
        }
    }

    private void keepClaimed(String consumer, List<Decoded> decoded) {
        List<String> ids = new ArrayList<>(decoded.size());
        for (Decoded entry : decoded) {
            ids.add(entry.entry.id());
        }
        try {
            queue.keepClaimed(consumer, ids);
        } catch (RuntimeException e) {
            redis.failed(e);
        }
    }

    /** The read cache gets the newest written ids: those of the last entries stored, up to 5. */
    private void publishNewest(List<Decoded> decoded, InsertResult result) {
        List<String> newest = new ArrayList<>(QueuedWrite.DOCUMENTS_PER_REQUEST);
        for (int i = decoded.size() - 1; i >= 0 && newest.size() < QueuedWrite.DOCUMENTS_PER_REQUEST; i--) {
            Decoded entry = decoded.get(i);
            if (entry.rejection(result) == null) {
                List<String> ids = entry.write.hexIds();
                for (int j = ids.size() - 1; j >= 0 && newest.size() < QueuedWrite.DOCUMENTS_PER_REQUEST; j--) {
                    newest.add(0, ids.get(j));
                }
            }
        }
        try {
            cache.publish(newest);
        } catch (RuntimeException e) {
            // The next batch refreshes it; the API falls back on its own cache meanwhile.
            LOG.debugf("Read cache not refreshed: %s", e.getMessage());
        }
    }

    /** Log lines stay short and never carry a payload (MongoDB's dup-key messages quote the key). */
    static String abbreviate(String reason) {
        int dupKey = reason.indexOf(" dup key:");
        String shown = dupKey >= 0 ? reason.substring(0, dupKey) + " dup key: ..." : reason;
        return shown.length() <= 200 ? shown : shown.substring(0, 200) + "...";
    }

    /** An entry with its documents' position in the batch. */
    private record Decoded(QueuedEntry entry, QueuedWrite write, int firstDocument) {

        /** The reason MongoDB rejected one of this entry's documents, or null when all are stored. */
        String rejection(InsertResult result) {
            if (result.rejected().isEmpty()) {
                return null;
            }
            for (int i = firstDocument; i < firstDocument + write.size(); i++) {
                String reason = result.rejected().get(i);
                if (reason != null) {
                    return reason;
                }
            }
            return null;
        }
    }

    /** The batch could not be finished within the shutdown grace period. */
    public static final class GiveUpException extends Exception {
        public GiveUpException(String message) {
            super(message);
        }
    }
}
