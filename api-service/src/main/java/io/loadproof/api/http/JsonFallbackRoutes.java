package io.loadproof.api.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the REST layer never sees still leaves as JSON: paths no endpoint serves (404), requests the
 * HTTP layer rejects before routing them, such as a missing Host (400), a declared body over
 * {@code quarkus.http.limits.max-body-size} (413) and an HTTP version Netty parses but nothing here
 * speaks (505). What Vert.x refuses before any router runs (431, 414, an unparsable request line)
 * stays a bare status: see docs/hardening.md.
 */
@ApplicationScoped
public class JsonFallbackRoutes {

    private static final Logger LOG = Logger.getLogger(JsonFallbackRoutes.class);

    private final long maxBodySize;

    public JsonFallbackRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        // Just before Quarkus' own body-size check, which answers 413 with an empty body.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseUnservable);
        router.route().order(Integer.MAX_VALUE).handler(context -> reply(context, 404));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
        // A request Vert.x cannot even route (e.g. an undecodable URI) skips the failure handlers.
        router.errorHandler(400, context -> reply(context, 400));
    }

    private void refuseUnservable(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == null) {
            replyAndClose(context, 505);
            return;
        }
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodySize) {
            replyAndClose(context, 413);
            return;
        }
        context.next();
    }

    /** Netty refuses a Content-Length that is not a number before this runs; anything left unparsable is too large. */
    private static long declaredLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void onFailure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status >= 500 && context.failure() != null) {
            LOG.error("Request failed before reaching an endpoint", context.failure());
        }
        reply(context, status);
    }

    /** The body is never read, so the connection cannot be reused for a next request. */
    private static void replyAndClose(RoutingContext context, int status) {
        context.response()
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .endHandler(ignored -> context.request().connection().close());
        reply(context, status);
    }

    private static void reply(RoutingContext context, int status) {
        String message = status == 404 ? "not found"
                : HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase();
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "error").put("message", message).encode());
    }
}
