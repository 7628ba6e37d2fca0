package io.loadproof.lab.faults;

import java.util.Map;

/** One fault scenario of the suite: what it changes in the services' settings and what it does under load. */
public abstract class Fault {

    /** How recovery is measured once the fault is over. */
    public enum Recovery {
        /** Until clients get 200s again (faults of the request path). */
        CLIENTS_SERVED,
        /** Until the backlog is back to its level before the fault (faults of the write path). */
        BACKLOG_DRAINED,
        /** Nothing to recover from. */
        NONE
    }

    /** Durations of the scenario, shorter in the quick suite. */
    public record Timing(int users, int steadySeconds, int faultAfterSeconds, int outageSeconds) {
    }

    private final String name;
    private final String description;
    private final Recovery recovery;

    protected Fault(String name, String description, Recovery recovery) {
        this.name = name;
        this.description = description;
        this.recovery = recovery;
    }

    public final String name() {
        return name;
    }

    public final String description() {
        return description;
    }

    public final Recovery recovery() {
        return recovery;
    }

    /** Environment overrides for both services in this scenario. */
    public Map<String, String> serviceEnvironment() {
        return Map.of();
    }

    /** Needs the embedded Redis or MongoDB (they can be stopped and started). */
    public boolean needsEmbeddedServers() {
        return false;
    }

    /** Runs on a Redis primary, its replica and three Sentinels, whatever the lab's --redis says. */
    public boolean needsSentinels() {
        return false;
    }

    /** Clients must get only 2xx answers throughout: the fault is behind the queue. */
    public boolean clientsUnaffected() {
        return false;
    }

    /** Dead-lettered entries the audit must find: the ones the scenario injected on purpose. */
    public long expectedDeadLetters() {
        return 0;
    }

    /** Runs once the load is steady; blocks until the fault is over. */
    public abstract void inject(FaultContext context, Timing timing) throws Exception;
}
