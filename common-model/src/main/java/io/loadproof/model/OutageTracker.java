package io.loadproof.model;

import java.lang.System.Logger.Level;

/**
 * Whether a dependency answered the last time a service tried it, shared by both services: one
 * WARN when an outage starts and one when it ends, never one per retry. What counts as an outage
 * is the caller's to say (the writer: every failed call; the API: a refused connection, a silent
 * Redis, a refusal of writes).
 */
public class OutageTracker {

    private static final System.Logger LOG = System.getLogger(OutageTracker.class.getName());

    private final String dependency;
    private final String meanwhile;
    private boolean available = true;
    private boolean known;
    private long lastOutcomeNanos;
    private long outageStartNanos;
    private String lastError;

    /**
     * @param dependency what is tracked, as the log names it ("MongoDB", "Redis")
     * @param meanwhile what the service does during an outage, for the log
     */
    public OutageTracker(String dependency, String meanwhile) {
        this.dependency = dependency;
        this.meanwhile = meanwhile;
    }

    public synchronized void succeeded() {
        lastOutcomeNanos = System.nanoTime();
        known = true;
        if (!available) {
            available = true;
            LOG.log(Level.WARNING, "{0} is available again after {1} ms", dependency,
                    (lastOutcomeNanos - outageStartNanos) / 1_000_000);
        }
    }

    public void failed(Throwable error) {
        failed(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    public synchronized void failed(String error) {
        lastOutcomeNanos = System.nanoTime();
        known = true;
        lastError = error;
        if (available) {
            available = false;
            outageStartNanos = lastOutcomeNanos;
            LOG.log(Level.WARNING, "{0} is unavailable ({1}); {2}", dependency, error, meanwhile);
        }
    }

    public synchronized boolean available() {
        return available;
    }

    /** False until the first outcome, so readiness can ask instead of assuming. */
    public synchronized boolean known() {
        return known;
    }

    public synchronized long millisSinceLastOutcome() {
        return known ? (System.nanoTime() - lastOutcomeNanos) / 1_000_000 : Long.MAX_VALUE;
    }

    public synchronized long outageMillis() {
        return available ? 0 : (System.nanoTime() - outageStartNanos) / 1_000_000;
    }

    public synchronized String lastError() {
        return lastError;
    }
}
