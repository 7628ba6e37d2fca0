package io.loadproof.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import io.loadproof.model.Payloads;

/** The report's estimate of MongoDB's disk: the BSON size of a stored document and the arithmetic. */
class MongoDiskEstimateTest {

    /** The same document through the driver's own codec, as the original app's insert_one would send it. */
    @Test
    void theDocumentSizeIsTheBsonOfAStoredDocument() {
        Document stored = new Document("_id", new ObjectId()).append("type", "write").append("index", 4)
                .append("payload", Payloads.generate(7, 4)).append("timestamp", Date.from(Instant.now()));
        assertThat(MongoDiskEstimate.DOCUMENT_BYTES).isEqualTo(new RawBsonDocument(stored, new DocumentCodec()).getByteBuffer().remaining())
                .isEqualTo(594);
    }

    @Test
    void theLineGivesTheUncompressedUpperBoundAndTheIndexEstimate() {
        assertThat(MongoDiskEstimate.line(47_871_150, "the run stored"))
                .contains("47,871,150 documents the run stored", "x 594 B of BSON = 28.4 GB uncompressed, an upper bound",
                        "32 B each of _id index = 1.5 GB: 30.0 GB");
    }
}
