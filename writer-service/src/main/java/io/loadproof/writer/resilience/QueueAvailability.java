package io.loadproof.writer.resilience;

import jakarta.inject.Singleton;

import io.loadproof.model.OutageTracker;

/** Whether Redis, which holds the queue and the budget, answered the writer's last command. */
@Singleton
public class QueueAvailability extends OutageTracker {

    public QueueAvailability() {
        super("Redis", "retrying with backoff, nothing is acknowledged meanwhile");
    }
}
