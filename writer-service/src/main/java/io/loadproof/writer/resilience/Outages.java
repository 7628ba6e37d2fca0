package io.loadproof.writer.resilience;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.loadproof.writer.persistence.DatabaseUnavailableException;
import io.vertx.core.VertxException;
import io.vertx.redis.client.Response;

/**
 * Tells a dependency's outage from a bug. Only an outage is retried until it ends: a bug retried
 * that way would hold back every entry behind the one that triggers it, for good.
 */
public final class Outages {

    private static final int MAX_CAUSES = 16;

    private Outages() {
    }

    /**
     * True for I/O failures and error replies of Redis or MongoDB, anywhere in the cause chain: no
     * connection, a timeout, a closed connection, an error reply (OOM, LOADING, READONLY, ...).
     */
    public static boolean isOutage(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof io.smallrye.mutiny.TimeoutException || cause instanceof VertxException
                    || cause instanceof Response || cause instanceof DatabaseUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** Rethrows a bug; returns for an outage, which the caller then handles. */
    public static void rethrowUnlessOutage(RuntimeException failure) {
        if (!isOutage(failure)) {
            throw failure;
        }
    }
}
