package io.loadproof.api.health;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * Set when a SIGTERM starts the shutdown delay ({@code SHUTDOWN_DELAY}): from then on readiness
 * ({@link ApiReadinessCheck}: {@code /readyz} and {@code /q/health/ready}) answers 503 so the ingress
 * stops sending traffic here, while every endpoint still answers as usual until the delay is over.
 */
@ApplicationScoped
public class DrainingState {

    private static final Logger LOG = Logger.getLogger(DrainingState.class);

    private final Optional<Duration> delay;
    private volatile boolean draining;

    public DrainingState(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.delay = delay.filter(value -> !value.isZero() && !value.isNegative());
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        delay.ifPresent(value -> LOG.infof(
                "Shutting down: readiness answers 503, requests are served for another %d ms (SHUTDOWN_DELAY)",
                value.toMillis()));
    }

    public boolean isDraining() {
        return draining;
    }
}
