package io.loadproof.writer.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.loadproof.writer.service.DependencyAvailability;
import io.loadproof.writer.service.WriterPool;

/**
 * Ready while MongoDB takes our writes. It judges by the outcome of recent inserts and, when there
 * were none lately, by a ping that takes a slot of the IOPS budget like any other command. (The
 * Quarkus MongoDB health check is disabled: it would ping outside the budget on every probe.)
 */
@Readiness
public class MongoReadinessCheck implements HealthCheck {

    private final WriterPool pool;

    public MongoReadinessCheck(WriterPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        boolean available = pool.mongoAvailable();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("MongoDB writes").status(available);
        if (!available) {
            DependencyAvailability mongo = pool.mongoStatus();
            response.withData("unavailable for ms", mongo.outageMillis());
            if (mongo.lastError() != null) {
                response.withData("last error", mongo.lastError());
            }
        }
        return response.build();
    }
}
