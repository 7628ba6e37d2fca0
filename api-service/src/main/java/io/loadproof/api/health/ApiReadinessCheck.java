package io.loadproof.api.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.loadproof.api.queue.BacklogMonitor;
import io.loadproof.api.queue.RedisAvailability;

/**
 * Ready while Redis takes writes and no shutdown has begun; MongoDB is not needed. Both readiness
 * answers come from here: {@code /q/health/ready} and {@code /readyz}, which reads the same report.
 * Also reports the backlog against its cap.
 */
@Readiness
@ApplicationScoped
public class ApiReadinessCheck implements HealthCheck {

    static final String NAME = "api";

    private final BacklogMonitor backlog;
    private final RedisAvailability redis;
    private final DrainingState draining;

    public ApiReadinessCheck(BacklogMonitor backlog, RedisAvailability redis, DrainingState draining) {
        this.backlog = backlog;
        this.redis = redis;
        this.draining = draining;
    }

    @Override
    public HealthCheckResponse call() {
        String reason = unreadyReason();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(reason == null)
                .withData("backlog", backlog.backlog())
                .withData("memory_used_bytes", backlog.memoryEstimate())
                .withData("memory_limit_bytes", backlog.memoryLimit())
                .withData("full", backlog.isFull());
        if (reason != null) {
            response.withData("reason", reason);
        }
        return response.build();
    }

    private String unreadyReason() {
        if (draining.isDraining()) {
            return "shutting down";
        }
        if (redis.isReady()) {
            return null;
        }
        String refusal = redis.writeRefusal();
        return (refusal != null ? "redis refuses writes: " : "redis unreachable: ") + redis.lastFailure();
    }
}
