package io.loadproof.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.types.ObjectId;

/** Builds the queued write of one {@code /api/data} request. */
public final class QueuedWrites {

    private QueuedWrites() {
    }

    public static QueuedWrite newRequest(Instant now) {
        return random(QueuedWrite.DOCUMENTS_PER_REQUEST, now);
    }

    public static QueuedWrite random(int documents, Instant now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<ObjectId> ids = new ArrayList<>(documents);
        List<String> payloads = new ArrayList<>(documents);
        for (int i = 0; i < documents; i++) {
            ids.add(new ObjectId());
            payloads.add(Payloads.random(random));
        }
        return new QueuedWrite(now, ids, payloads);
    }
}
