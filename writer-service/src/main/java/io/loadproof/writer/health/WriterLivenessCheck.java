package io.loadproof.writer.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.loadproof.writer.service.WriterPool;
import io.loadproof.writer.service.WriterService;

/** Live while every worker thread runs: a worker that died for good is worth a restart. */
@Liveness
public class WriterLivenessCheck implements HealthCheck {

    private final WriterService service;

    public WriterLivenessCheck(WriterService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        WriterPool pool = service.pool();
        int live = pool.liveWorkers();
        return HealthCheckResponse.named("writer workers")
                .status(live == pool.workers())
                .withData("live", live)
                .withData("configured", pool.workers())
                .build();
    }
}
