package io.loadproof.api.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.loadproof.api.http.ApiResponses.Probe;
import io.loadproof.api.queue.BacklogMonitor;

/** The probes of the original app; Kubernetes and the k6 setup() use them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private final BacklogMonitor backlog;

    public ProbeResource(BacklogMonitor backlog) {
        this.backlog = backlog;
    }

    /** Liveness only: the process answers. */
    @GET
    @Path("healthz")
    public Probe healthz() {
        return new Probe("ok", ApiResponses.now(), null);
    }

    /** Ready while Redis answers: without it no request can be accepted. MongoDB is not needed. */
    @GET
    @Path("readyz")
    public Response readyz() {
        if (backlog.isReachable()) {
            return Response.ok(new Probe("ready", ApiResponses.now(), null)).build();
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(new Probe("not ready", ApiResponses.now(), "redis unreachable: " + backlog.lastFailure()))
                .build();
    }
}
