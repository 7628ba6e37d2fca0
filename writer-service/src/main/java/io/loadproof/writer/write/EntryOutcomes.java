package io.loadproof.writer.write;

import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.queue.WriteStreamConsumer;
import io.loadproof.writer.resilience.GiveUpException;
import io.loadproof.writer.resilience.Outages;
import io.loadproof.writer.resilience.QueueAvailability;
import io.loadproof.writer.resilience.Retries;

/** Settles entries in Redis: written ones acknowledged and deleted, doomed ones dead-lettered; each retried through outages. */
@Singleton
public class EntryOutcomes {

    private static final Logger LOG = Logger.getLogger(EntryOutcomes.class);

    private final WriteStreamConsumer queue;
    private final QueueAvailability redis;
    private final Retries retries;

    public EntryOutcomes(WriteStreamConsumer queue, QueueAvailability redis, Retries retries) {
        this.queue = queue;
        this.redis = redis;
        this.retries = retries;
    }

    /** Written but not acknowledged if the grace period ends: a later claim rewrites them as E11000 duplicates. */
    void acknowledge(List<String> ids) throws GiveUpException, InterruptedException {
        retries.untilDone(ids.size() + " written entries left pending", () -> redisCall(() -> queue.ackAndDelete(ids)));
    }

    void deadLetter(String consumer, QueuedEntry entry, String reason) throws GiveUpException, InterruptedException {
        String shortReason = abbreviate(reason);
        boolean moved = retries.untilDone("entry " + entry.id() + " left pending",
                () -> redisCall(() -> queue.deadLetter(consumer, entry.id(), shortReason)));
        if (moved) {
            LOG.warnf("Entry %s moved to the dead-letter stream: %s", entry.id(), shortReason);
        } else {
            LOG.infof("Entry %s not dead-lettered (%s): another writer holds it now, or it was written", entry.id(),
                    shortReason);
        }
    }

    private <T> T redisCall(java.util.function.Supplier<T> call) {
        try {
            T result = call.get();
            redis.succeeded();
            return result;
        } catch (RuntimeException e) {
            Outages.rethrowUnlessOutage(e);
            redis.failed(e);
            throw e;
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
