package io.loadproof.writer.resilience;

import jakarta.inject.Singleton;

/** Whether Redis, which holds the queue and the budget, answered the writer's last command. */
@Singleton
public class QueueAvailability extends DependencyAvailability {

    public QueueAvailability() {
        super("Redis");
    }
}
