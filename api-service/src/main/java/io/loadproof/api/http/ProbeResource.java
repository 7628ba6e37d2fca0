package io.loadproof.api.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.loadproof.api.health.DrainingState;
import io.loadproof.api.queue.RedisAvailability;

/** The probes of the original app; Kubernetes and the k6 setup() use them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private final RedisAvailability redis;
    private final DrainingState draining;

    public ProbeResource(RedisAvailability redis, DrainingState draining) {
        this.redis = redis;
        this.draining = draining;
    }

    /** Liveness only: the process answers. */
    @GET
    @Path("healthz")
    public ProbeBody healthz() {
        return ProbeBody.of("ok", null);
    }

    /** Ready while Redis takes writes and no shutdown has begun. MongoDB is not needed. */
    @GET
    @Path("readyz")
    public Response readyz() {
        String reason = unreadyReason();
        if (reason == null) {
            return Response.ok(ProbeBody.of("ready", null)).build();
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(ProbeBody.of("not ready", reason)).build();
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
