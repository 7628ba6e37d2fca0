package io.loadproof.writer.resilience;

import jakarta.inject.Singleton;

import io.loadproof.model.OutageTracker;

/** Whether MongoDB took the writer's last command: what readiness and the MongoDB probe report. */
@Singleton
public class MongoAvailability extends OutageTracker {

    public MongoAvailability() {
        super("MongoDB", "retrying with backoff, nothing is acknowledged meanwhile");
    }
}
