package io.loadproof.model.samples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.types.ObjectId;

import io.loadproof.model.Payloads;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;

/**
 * Test data: queued writes as the API makes them, for the tests of every module (common-model's
 * test jar). A sample write takes its payloads' seed from its first id, so that the write alone
 * gives its stream entry ({@link #entry}).
 */
public final class SampleWrites {

    private SampleWrites() {
    }

    /** The five documents of one {@code /api/data} request. */
    public static QueuedWrite newRequest(Instant now) {
        return random(QueuedWrite.DOCUMENTS_PER_REQUEST, now);
    }

    public static QueuedWrite random(int documents, Instant now) {
        List<ObjectId> ids = new ArrayList<>(documents);
        for (int i = 0; i < documents; i++) {
            ids.add(new ObjectId());
        }
        long seed = seedOf(ids);
        List<String> payloads = new ArrayList<>(documents);
        for (int i = 0; i < documents; i++) {
            payloads.add(Payloads.generate(seed, i));
        }
        return new QueuedWrite(now, ids, payloads);
    }

    /** The entry of a write made here, as the API sends it (the codec's current version). */
    public static String entry(QueuedWrite write) {
        long seed = seedOf(write.ids());
        for (int i = 0; i < write.size(); i++) {
            if (!write.payloads().get(i).equals(Payloads.generate(seed, i))) {
                throw new IllegalArgumentException("not a sample write: its payloads do not follow from its first id");
            }
        }
        return new String(QueuedWriteCodec.encodeNew(write.timestamp(), write.ids(), seed), StandardCharsets.US_ASCII);
    }

    /**
     * The entry of any write in codec version 1, which carried the payloads themselves: what the API
     * sent before version 2, and what may still wait in a stream or among the dead letters. Written
     * here, apart from the codec, so that the tests hold the decoder to the old format.
     */
    public static String versionOneEntry(QueuedWrite write) {
        StringBuilder text = new StringBuilder("1|").append(write.timestamp().toEpochMilli()).append('|');
        write.hexIds().forEach(text::append);
        text.append('|');
        write.payloads().forEach(text::append);
        return text.toString();
    }

    /** The last 8 of the first id's 12 bytes: its per-process random part and its counter. */
    private static long seedOf(List<ObjectId> ids) {
        return ByteBuffer.wrap(ids.get(0).toByteArray()).getLong(4);
    }
}
