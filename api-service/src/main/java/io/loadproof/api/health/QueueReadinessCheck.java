package io.loadproof.api.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.loadproof.api.queue.BacklogMonitor;
import io.loadproof.api.queue.RedisAvailability;

/** Ready while the write stream answers; reports the backlog against its cap. */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    private final BacklogMonitor backlog;
    private final RedisAvailability redis;

    public QueueReadinessCheck(BacklogMonitor backlog, RedisAvailability redis) {
        this.backlog = backlog;
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("write-queue")
                .status(redis.isReady())
                .withData("backlog", backlog.backlog())
                .withData("memory_used_bytes", backlog.memoryEstimate())
                .withData("memory_limit_bytes", backlog.memoryLimit())
                .withData("full", backlog.isFull())
                .build();
    }
}
