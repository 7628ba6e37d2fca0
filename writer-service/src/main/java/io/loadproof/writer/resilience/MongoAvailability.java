package io.loadproof.writer.resilience;

import jakarta.inject.Singleton;

/** Whether MongoDB took the writer's last command: what readiness and the MongoDB probe report. */
@Singleton
public class MongoAvailability extends DependencyAvailability {

    public MongoAvailability() {
        super("MongoDB");
    }
}
