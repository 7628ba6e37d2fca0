package io.loadproof.writer.resilience;

import org.jboss.logging.Logger;

/**
 * Whether a dependency answered the last time the writer tried it. Logs one WARN when an outage
 * starts and one when it ends, never one per retry.
 */
public class DependencyAvailability {

    private static final Logger LOG = Logger.getLogger(DependencyAvailability.class);

    private final String dependency;
    private boolean available = true;
    private boolean known;
    private long lastOutcomeNanos;
    private long outageStartNanos;
    private String lastError;

    protected DependencyAvailability(String dependency) {
        this.dependency = dependency;
    }

    public synchronized void succeeded() {
        lastOutcomeNanos = System.nanoTime();
        known = true;
        if (!available) {
            available = true;
            LOG.warnf("%s is available again after %d ms", dependency, (lastOutcomeNanos - outageStartNanos) / 1_000_000);
        }
    }

    public synchronized void failed(Throwable error) {
        lastOutcomeNanos = System.nanoTime();
        known = true;
        lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (available) {
            available = false;
            outageStartNanos = lastOutcomeNanos;
            LOG.warnf("%s is unavailable (%s); retrying with backoff, nothing is acknowledged meanwhile", dependency,
                    lastError);
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
