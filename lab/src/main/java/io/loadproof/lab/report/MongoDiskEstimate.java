package io.loadproof.lab.report;

import java.time.Instant;
import java.util.Locale;

import org.bson.BsonBinaryWriter;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;

import io.loadproof.model.MongoNames;
import io.loadproof.model.Payloads;

/**
 * What a number of stored documents take on a real MongoDB's disk, as docs/kubernetes.md estimates
 * it: each document's BSON size, exact (encoded here as the writer stores it), uncompressed, which
 * is an upper bound (WiredTiger's snappy compression can only shrink it, by a ratio not measured
 * here), plus an estimated {@value #INDEX_BYTES_PER_DOCUMENT} bytes of _id index and record key.
 */
public final class MongoDiskEstimate {

    /** KeyString of an ObjectId (14 B), the record id (about 5 B) and cell headers, before prefix compression, rounded up. */
    public static final int INDEX_BYTES_PER_DOCUMENT = 32;
    public static final int DOCUMENT_BYTES = documentBytes();

    private MongoDiskEstimate() {
    }

    /** The BSON size of one stored document: _id, type "write", index, a 512-character payload, timestamp. */
    static int documentBytes() {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeObjectId(MongoNames.ID, new ObjectId());
            writer.writeString(MongoNames.TYPE, MongoNames.WRITE_TYPE);
            writer.writeInt32(MongoNames.INDEX, 0);
            writer.writeString(MongoNames.PAYLOAD, Payloads.generate(0, 0));
            writer.writeDateTime(MongoNames.TIMESTAMP, Instant.now().toEpochMilli());
            writer.writeEndDocument();
        }
        return buffer.getPosition();
    }

    /** The report's line for {@code documents} stored by the run. */
    public static String line(long documents, String whose) {
        long data = documents * DOCUMENT_BYTES;
        long index = documents * INDEX_BYTES_PER_DOCUMENT;
        return String.format(Locale.ROOT, "- MongoDB's disk for the %,d documents %s, on a real MongoDB (the estimate of "
                + "docs/kubernetes.md): %,d x %d B of BSON = %.1f GB uncompressed, an upper bound (snappy's ratio is not "
                + "measured), + about %d B each of _id index = %.1f GB: %.1f GB%n", documents, whose, documents,
                DOCUMENT_BYTES, data / 1e9, INDEX_BYTES_PER_DOCUMENT, index / 1e9, (data + index) / 1e9);
    }
}
