package io.loadproof.api.queue;

import java.time.Duration;

/** Redis accepted a batch's entries, but fewer replicas than required acknowledged them in time. */
final class ReplicasBehindException extends RuntimeException {

    ReplicasBehindException(int acknowledged, int required, Duration timeout) {
        super("only " + acknowledged + " of " + required + " replicas acknowledged the write within "
                + timeout.toMillis() + " ms", null, false, false);
    }
}
