package io.loadproof.writer.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.loadproof.writer.resilience.MongoAvailability;

/**
 * Ready while MongoDB takes our writes. It judges by the outcome of recent inserts and, when there
 * were none lately, by a ping that takes a slot of the IOPS budget like any other command. (The
 * Quarkus MongoDB health check is disabled: it would ping outside the budget on every probe.)
 */
@Readiness
public class MongoReadinessCheck implements HealthCheck {

    private final MongoProbe probe;
    private final MongoAvailability mongo;

    public MongoReadinessCheck(MongoProbe probe, MongoAvailability mongo) {
        this.probe = probe;
        this.mongo = mongo;
    }

    @Override
    public HealthCheckResponse call() {
        boolean available = probe.available();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("MongoDB writes").status(available);
        if (!available) {
            response.withData("unavailable for ms", mongo.outageMillis());
            if (mongo.lastError() != null) {
                response.withData("last error", mongo.lastError());
            }
        }
        return response.build();
    }
}
