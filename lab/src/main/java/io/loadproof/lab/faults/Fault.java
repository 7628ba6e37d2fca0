package io.loadproof.lab.faults;

import java.util.Map;

/** One fault scenario of the suite: what it changes in the services' settings and what it does under load. */
public interface Fault {

    /** How recovery is measured once the fault is over. */
    enum Recovery {
        /** Until clients get 200s again (faults of the request path). */
        CLIENTS_SERVED,
        /** Until the backlog is back to its level before the fault (faults of the write path). */
        BACKLOG_DRAINED,
        /** Nothing to recover from. */
        NONE
    }

    String name();

    String description();

    Recovery recovery();

    /** Environment overrides for both services in this scenario. */
    default Map<String, String> serviceEnvironment() {
        return Map.of();
    }

    /** Needs the embedded Redis or MongoDB (they can be stopped and started). */
    default boolean needsEmbeddedServers() {
        return false;
    }

    /** Clients must get only 2xx answers throughout: the fault is behind the queue. */
    default boolean clientsUnaffected() {
        return false;
    }

    /** Dead-lettered entries the audit must find: the ones the scenario injected on purpose. */
    default long expectedDeadLetters() {
        return 0;
    }

    /** Runs once the load is steady; blocks until the fault is over. */
    void inject(FaultContext context, Timing timing) throws Exception;

    /** Durations of the scenario, shorter in the quick suite. */
    record Timing(int users, int steadySeconds, int faultAfterSeconds, int outageSeconds) {
    }
}
