package io.loadproof.writer.write;

import java.util.List;

import org.jboss.logging.Logger;

import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.resilience.GiveUpException;
import io.loadproof.writer.resilience.Outages;

/**
 * Writes a batch so that a bug triggered by one entry holds back no other: when writing a batch
 * fails with anything but an outage, its halves are written separately, down to the entry that
 * fails alone, which goes to the dead-letter stream with the bug as its reason. Rewriting entries
 * the failed attempt had stored is harmless (their {@code _id}s make them duplicates). One bad
 * entry among n costs about 2 log2(n) more inserts.
 */
public final class PoisonIsolation {

    private static final Logger LOG = Logger.getLogger(PoisonIsolation.class);

    @FunctionalInterface
    public interface Write {
        public void write(List<QueuedEntry> entries) throws GiveUpException, InterruptedException;
    }

    @FunctionalInterface
    public interface DeadLetter {
        void deadLetter(QueuedEntry entry, RuntimeException bug) throws GiveUpException, InterruptedException;
    }

    private final Write write;
    private final DeadLetter deadLetter;
    private final Runnable bugSeen;

    public PoisonIsolation(Write write, DeadLetter deadLetter, Runnable bugSeen) {
        this.write = write;
        this.deadLetter = deadLetter;
        this.bugSeen = bugSeen;
    }

    /** @throws RuntimeException only for an outage (see {@link Outages}): the caller retries the batch */
    public void write(List<QueuedEntry> entries) throws GiveUpException, InterruptedException {
        try {
            write.write(entries);
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                throw e;
            }
            bugSeen.run();
            if (entries.size() == 1) {
                LOG.errorf(e, "Bug while writing entry %s; it goes to the dead-letter stream", entries.get(0).id());
                deadLetter.deadLetter(entries.get(0), e);
                return;
            }
            LOG.warnf("A batch of %d entries failed with a bug (%s); writing it in halves to isolate the entry at fault",
                    entries.size(), e);
            int half = entries.size() / 2;
            write(entries.subList(0, half));
            write(entries.subList(half, entries.size()));
        }
    }
}
