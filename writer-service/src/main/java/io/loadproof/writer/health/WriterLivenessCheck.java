package io.loadproof.writer.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.loadproof.writer.worker.WriterPool;

/** Live while every worker thread runs: a worker that died for good is worth a restart. */
@Liveness
public class WriterLivenessCheck implements HealthCheck {

    private final WriterPool pool;

    public WriterLivenessCheck(WriterPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        int live = pool.liveWorkers();
        return HealthCheckResponse.named("writer workers")
                .status(live == pool.workers())
                .withData("live", live)
                .withData("configured", pool.workers())
                .build();
    }
}
