package io.loadproof.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.BsonDocumentWriter;
import org.junit.jupiter.api.Test;

import io.loadproof.model.QueuedDocument;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.writer.persistence.RecordStore;

/** The hand-written BSON of a stored document equals what the driver's codec makes of the Document. */
class RecordStoreEncodingTest {

    @Test
    void encodedBsonEqualsTheDocumentForm() {
        for (QueuedDocument document : SampleWrites.newRequest(Instant.now()).documents()) {
            Document expected = RecordStore.toDocument(document);
            BsonDocument viaCodec = new BsonDocument();
            new DocumentCodec().encode(new BsonDocumentWriter(viaCodec), expected, EncoderContext.builder().build());

            assertThat(RecordStore.encode(document)).isEqualTo(viaCodec);
            assertThat(RecordStore.encode(document).keySet()).containsExactly("_id", "type", "index", "payload",
                    "timestamp");
        }
    }
}
