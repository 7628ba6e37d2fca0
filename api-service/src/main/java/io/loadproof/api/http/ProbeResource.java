package io.loadproof.api.http;

import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;

/** The probes of the original app; Kubernetes and the k6 setup() use them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private final SmallRyeHealthReporter health;

    public ProbeResource(SmallRyeHealthReporter health) {
        this.health = health;
    }

    /** Liveness only: the process answers. */
    @GET
    @Path("healthz")
    public ProbeBody healthz() {
        return ProbeBody.of("ok", null);
    }

    /** The readiness checks' own answer ({@code /q/health/ready}), in the original app's shape. */
    @GET
    @Path("readyz")
    public Uni<Response> readyz() {
        return health.getReadinessAsync().map(readiness -> readiness.isDown()
                ? Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .entity(ProbeBody.of("not ready", reasons(readiness))).build()
                : Response.ok(ProbeBody.of("ready", null)).build());
    }

    /** Each failing check's {@code reason}, or its name when it gives none. */
    private static String reasons(SmallRyeHealth readiness) {
        return readiness.getPayload().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> "DOWN".equals(check.getString("status", "")))
                .map(check -> {
                    JsonValue data = check.get("data");
                    return data instanceof JsonObject fields && fields.containsKey("reason")
                            ? fields.getString("reason")
                            : check.getString("name", "?") + " is down";
                })
                .collect(Collectors.joining("; "));
    }
}
