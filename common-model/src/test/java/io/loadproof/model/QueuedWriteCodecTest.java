package io.loadproof.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.loadproof.model.samples.SampleWrites;

class QueuedWriteCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.123Z");

    @Test
    void roundTripKeepsIdsPayloadsIndexesAndTimestamp() {
        QueuedWrite write = SampleWrites.newRequest(NOW);

        QueuedWrite decoded = QueuedWriteCodec.decode(QueuedWriteCodec.encode(write));

        assertThat(decoded).isEqualTo(write);
        assertThat(decoded.documents()).hasSize(5).allSatisfy(document -> {
            assertThat(document.type()).isEqualTo("write");
            assertThat(document.timestamp()).isEqualTo(NOW);
            assertThat(document.payload()).hasSize(512).matches("[A-Za-z0-9]{512}");
        });
        assertThat(decoded.documents()).extracting(QueuedDocument::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(decoded.hexIds()).isEqualTo(write.hexIds()).doesNotHaveDuplicates();
    }

    @Test
    void aNewRequestEncodedStraightToBytesDecodesToItsIdsWithValidPayloads() {
        List<ObjectId> ids = List.of(new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId());

        byte[] entry = QueuedWriteCodec.encodeNew(NOW, ids, new java.util.SplittableRandom(7));
        QueuedWrite decoded = QueuedWriteCodec.decode(new String(entry, java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(decoded.ids()).isEqualTo(ids);
        assertThat(decoded.timestamp()).isEqualTo(NOW);
        assertThat(decoded.payloads()).hasSize(5).allSatisfy(payload -> assertThat(payload).matches("[A-Za-z0-9]{512}"))
                .doesNotHaveDuplicates();
        assertThat(entry).hasSize(QueuedWriteCodec.encode(decoded).length());
    }

    @Test
    void encodingIsCompact() {
        String encoded = QueuedWriteCodec.encode(SampleWrites.newRequest(NOW));

        assertThat(encoded).startsWith("1|" + NOW.toEpochMilli() + "|").hasSizeLessThan(2_720);
    }

    @Test
    void timestampIsTruncatedToMillisecondsAsInBson() {
        QueuedWrite write = SampleWrites.newRequest(Instant.parse("2026-11-27T12:00:00.123456789Z"));

        assertThat(QueuedWriteCodec.decode(QueuedWriteCodec.encode(write)).timestamp()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "v2|1|aaaaaaaaaaaaaaaaaaaaaaaa|x",
            "0|1|aaaaaaaaaaaaaaaaaaaaaaaa|x",
            "-2|1|aaaaaaaaaaaaaaaaaaaaaaaa|x",
            "99999999999|1|aaaaaaaaaaaaaaaaaaaaaaaa|x",
            "1|notanumber|aaaaaaaaaaaaaaaaaaaaaaaa|x",
            "1|-5|aaaaaaaaaaaaaaaaaaaaaaaa|x",
            "1|1|short|x",
            "1|1|zzzzzzzzzzzzzzzzzzzzzzzz|x",
            "1|1||",
            "1|1|aaaaaaaaaaaaaaaaaaaaaaaa|tooshort",
            "1|1|aaaaaaaaaaaaaaaaaaaaaaaa",
    })
    void rejectsGarbageWithAReason(String garbage) {
        assertThatThrownBy(() -> QueuedWriteCodec.decode(garbage))
                .isInstanceOf(MalformedEntryException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void anEntryOfANewerVersionIsNotMalformedButNewer() {
        assertThatThrownBy(() -> QueuedWriteCodec.decode("2|whatever the next format holds"))
                .isInstanceOf(NewerVersionException.class)
                .isNotInstanceOf(MalformedEntryException.class)
                .satisfies(e -> assertThat(((NewerVersionException) e).version()).isEqualTo(2));
    }

    @Test
    void rejectsPayloadOutsideTheAlphabet() {
        String valid = QueuedWriteCodec.encode(SampleWrites.random(1, NOW));
        String corrupt = valid.substring(0, valid.length() - 1) + "!";

        assertThatThrownBy(() -> QueuedWriteCodec.decode(corrupt))
                .isInstanceOf(MalformedEntryException.class)
                .hasMessageContaining("[A-Za-z0-9]");
    }

    @Test
    void rejectsAnAbsurdDocumentCountBeforeAllocating() {
        String ids = new ObjectId().toHexString().repeat(QueuedWrite.MAX_DOCUMENTS + 1);

        assertThatThrownBy(() -> QueuedWriteCodec.decode("1|1|" + ids + "|"))
                .isInstanceOf(MalformedEntryException.class)
                .hasMessageContaining("more than the");
    }

    @Test
    void rejectsAMismatchedPayloadCount() {
        QueuedWrite two = SampleWrites.random(2, NOW);
        String oneId = two.ids().get(0).toHexString();
        String encoded = "1|" + NOW.toEpochMilli() + "|" + oneId + "|" + two.payloads().get(0) + two.payloads().get(1);

        assertThatThrownBy(() -> QueuedWriteCodec.decode(encoded))
                .isInstanceOf(MalformedEntryException.class)
                .hasMessageContaining("expected 512 for 1 documents");
    }

    @Test
    void aQueuedWriteRefusesMismatchedLists() {
        assertThatThrownBy(() -> new QueuedWrite(NOW, List.of(new ObjectId()), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
