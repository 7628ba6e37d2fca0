package io.loadproof.model.samples;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.types.ObjectId;

import io.loadproof.model.Payloads;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;

/** Test data: queued writes as the API makes them, for the tests of every module (common-model's test jar). */
public final class SampleWrites {

    private SampleWrites() {
    }

    /** The five documents of one {@code /api/data} request. */
    public static QueuedWrite newRequest(Instant now) {
        return random(QueuedWrite.DOCUMENTS_PER_REQUEST, now);
    }

    /** One request's stream entry, as the API sends it. */
    public static String newEntry(Instant now) {
        List<ObjectId> ids = new ArrayList<>(QueuedWrite.DOCUMENTS_PER_REQUEST);
        for (int i = 0; i < QueuedWrite.DOCUMENTS_PER_REQUEST; i++) {
            ids.add(new ObjectId());
        }
        return new String(QueuedWriteCodec.encodeNew(now, ids, ThreadLocalRandom.current()), StandardCharsets.US_ASCII);
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
