package io.loadproof.api.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.loadproof.api.queue.BacklogMonitor;

/** Ready while the write stream answers; reports the backlog against its cap. */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    private final BacklogMonitor backlog;

    public QueueReadinessCheck(BacklogMonitor backlog) {
        this.backlog = backlog;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("write-queue")
                .status(backlog.isReachable())
                .withData("backlog", backlog.backlog())
                .withData("max_queue_size", backlog.maxSize())
                .withData("full", backlog.isFull())
                .build();
    }
}
