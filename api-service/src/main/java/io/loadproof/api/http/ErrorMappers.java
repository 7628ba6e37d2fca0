package io.loadproof.api.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.loadproof.api.queue.QueueUnavailableException;

/** Every error leaves as {@code {"status":"error","message":...}}; no stack trace ever reaches a client. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response queueUnavailable(QueueUnavailableException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return json(Response.Status.SERVICE_UNAVAILABLE, e.getMessage())
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }

    @ServerExceptionMapper
    public Response dependencyUnavailable(DependencyUnavailableException e) {
        return json(Response.Status.SERVICE_UNAVAILABLE, e.getMessage())
                .header(HttpHeaders.RETRY_AFTER, 1)
                .build();
    }

    @ServerExceptionMapper
    public Response unauthorized(AdminResource.UnauthorizedException e) {
        return json(Response.Status.UNAUTHORIZED, e.getMessage())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        Response.ResponseBuilder response = json(original.getStatusInfo(), messageFor(original.getStatusInfo()));
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error", e);
        return json(Response.Status.INTERNAL_SERVER_ERROR, "internal error").build();
    }

    private static String messageFor(Response.StatusType status) {
        return switch (status.getStatusCode()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: this API produces application/json";
            case 415 -> "unsupported media type";
            default -> status.getReasonPhrase().toLowerCase();
        };
    }

    private static Response.ResponseBuilder json(Response.StatusType status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ErrorBody.of(message));
    }
}
