package io.loadproof.api.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the REST layer never sees still leaves as JSON: paths no endpoint serves (404) and requests
 * the HTTP layer rejects before routing them, such as a malformed query string (400).
 */
@ApplicationScoped
public class JsonFallbackRoutes {

    private static final Logger LOG = Logger.getLogger(JsonFallbackRoutes.class);

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(context -> reply(context, 404));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
        // A request Vert.x cannot even route (e.g. an undecodable URI) skips the failure handlers.
        router.errorHandler(400, context -> reply(context, 400));
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

    private static void reply(RoutingContext context, int status) {
        String message = status == 404 ? "not found"
                : HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase();
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "error").put("message", message).encode());
    }
}
