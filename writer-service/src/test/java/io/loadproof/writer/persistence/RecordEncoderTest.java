package io.loadproof.writer.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.junit.jupiter.api.Test;

import io.loadproof.model.QueuedDocument;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.writer.support.Records;

/** The hand-written BSON of a stored document equals what the driver's codec makes of the Document. */
class RecordEncoderTest {

    @Test
    void encodedBsonEqualsTheDocumentForm() {
        RecordEncoder encoder = new RecordEncoder(5);
        encoder.startBatch();
        for (QueuedDocument document : SampleWrites.newRequest(Instant.now()).documents()) {
            RawBsonDocument encoded = encoder.encode(document);

            assertThat(encoded).isEqualTo(viaDriverCodec(document));
            assertThat(encoded.keySet()).containsExactly("_id", "type", "index", "payload", "timestamp");
        }
    }

    /** The documents of a batch share one buffer, which may grow; the next batch reuses it. */
    @Test
    void everyDocumentOfABatchStaysIntactWhileTheBufferGrowsAndIsReused() {
        RecordEncoder encoder = new RecordEncoder(1);
        for (int batch = 0; batch < 2; batch++) {
            encoder.startBatch();
            List<QueuedDocument> queued = new ArrayList<>();
            List<RawBsonDocument> encoded = new ArrayList<>();
            for (int request = 0; request < 4; request++) {
                for (QueuedDocument document : SampleWrites.newRequest(Instant.now()).documents()) {
                    queued.add(document);
                    encoded.add(encoder.encode(document));
                }
            }
            for (int i = 0; i < queued.size(); i++) {
                assertThat(encoded.get(i)).isEqualTo(viaDriverCodec(queued.get(i)));
            }
        }
    }

    private static BsonDocument viaDriverCodec(QueuedDocument document) {
        BsonDocument viaCodec = new BsonDocument();
        new DocumentCodec().encode(new BsonDocumentWriter(viaCodec), Records.toDocument(document),
                EncoderContext.builder().build());
        return viaCodec;
    }
}
