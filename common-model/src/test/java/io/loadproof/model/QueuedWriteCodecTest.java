package io.loadproof.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.loadproof.model.samples.SampleWrites;

class QueuedWriteCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.123Z");
    private static final String ID = "aaaaaaaaaaaaaaaaaaaaaaaa";

    @Test
    void aNewRequestRoundTripsWithItsIdsTimestampAndTheSeedsPayloads() {
        List<ObjectId> ids = List.of(new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId());
        long seed = 0x7edcba9876543210L;

        QueuedWrite decoded = decode(QueuedWriteCodec.encodeNew(NOW, ids, seed));

        assertThat(decoded.ids()).isEqualTo(ids);
        assertThat(decoded.timestamp()).isEqualTo(NOW);
        assertThat(decoded.documents()).hasSize(5).allSatisfy(document -> {
            assertThat(document.type()).isEqualTo("write");
            assertThat(document.timestamp()).isEqualTo(NOW);
            assertThat(document.payload()).isEqualTo(Payloads.generate(seed, document.index()));
        });
        assertThat(decoded.documents()).extracting(QueuedDocument::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(decoded.payloads()).doesNotHaveDuplicates();
    }

    @Test
    void aNewRequestsEntryIs153BytesWithTheSeedAs16LowercaseHexDigits() {
        List<ObjectId> ids = List.of(new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId());

        String small = new String(QueuedWriteCodec.encodeNew(NOW, ids, 0xabL), StandardCharsets.US_ASCII);
        String negative = new String(QueuedWriteCodec.encodeNew(NOW, ids, -1L), StandardCharsets.US_ASCII);

        assertThat(small).hasSize(153).matches("2\\|1795780800123\\|[0-9a-f]{120}\\|00000000000000ab");
        assertThat(negative).endsWith("|ffffffffffffffff");
        assertThat(QueuedWriteCodec.decode(negative).payloads().get(0)).isEqualTo(Payloads.generate(-1L, 0));
    }

    /** The format itself, written by hand: an entry queued today must decode the same in any later writer. */
    @Test
    void aVersion2EntryWrittenByHandDecodesToItsDocuments() {
        String entry = "2|1795780800123|65f1a2b3c4d5e6f708192a3b65f1a2b3c4d5e6f708192a3c|0123456789abcdef";

        QueuedWrite decoded = QueuedWriteCodec.decode(entry);

        assertThat(decoded.hexIds()).containsExactly("65f1a2b3c4d5e6f708192a3b", "65f1a2b3c4d5e6f708192a3c");
        assertThat(decoded.timestamp()).isEqualTo(NOW);
        assertThat(decoded.payloads().get(0)).startsWith("dq6jkeAO6VTCdo0spUzVycbZ6ytQsfmR").endsWith("GkSSqJh6J");
        assertThat(decoded.payloads().get(1)).startsWith("zP8HuWNl7bnqpeuPaSGLvFIvg1t90Pcb");
    }

    /** Entries queued before version 2 may still wait in the stream or among the dead letters. */
    @Test
    void version1EntriesStillDecodeExactlyAsBefore() {
        QueuedWrite write = SampleWrites.newRequest(NOW);
        String handWritten = "1|1795780800123|" + ID + "|" + "Ab9".repeat(170) + "xy";

        assertThat(QueuedWriteCodec.decode(SampleWrites.versionOneEntry(write))).isEqualTo(write);
        assertThat(QueuedWriteCodec.decode(handWritten))
                .isEqualTo(new QueuedWrite(NOW, List.of(new ObjectId(ID)), List.of("Ab9".repeat(170) + "xy")));
    }

    @Test
    void timestampIsTruncatedToMillisecondsAsInBson() {
        Instant precise = Instant.parse("2026-11-27T12:00:00.123456789Z");

        assertThat(decode(QueuedWriteCodec.encodeNew(precise, List.of(new ObjectId()), 1L)).timestamp()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "|1|" + ID + "|0123456789abcdef",
            "v2|1|" + ID + "|0123456789abcdef",
            "0|1|" + ID + "|x",
            "-2|1|" + ID + "|x",
            "02|1|" + ID + "|0123456789abcdef",
            "99999999999|1|" + ID + "|x",
            "1|notanumber|" + ID + "|x",
            "1|-5|" + ID + "|x",
            "1|1|short|x",
            "1|1|zzzzzzzzzzzzzzzzzzzzzzzz|x",
            "1|1||",
            "1|1|" + ID + "|tooshort",
            "1|1|" + ID,
            "1|1|" + ID + "|0123456789abcdef",
            "2|notanumber|" + ID + "|0123456789abcdef",
            "2|-5|" + ID + "|0123456789abcdef",
            "2|1|short|0123456789abcdef",
            "2|1|zzzzzzzzzzzzzzzzzzzzzzzz|0123456789abcdef",
            "2|1||0123456789abcdef",
            "2|1|" + ID,
            "2|1|" + ID + "|",
            "2|1|" + ID + "|0123456789abcde",
            "2|1|" + ID + "|0123456789abcdef0",
            "2|1|" + ID + "|0123456789abcdeg",
            "2|1|" + ID + "|0123456789ABCDEF",
            "2|1|" + ID + "|+123456789abcdef",
            "2|1|" + ID + "|-123456789abcdef",
            "2|1|" + ID + "|0123456789abcde\u00e9",
            "2|1|" + ID + "|0123456789abcdef|",
    })
    void rejectsGarbageWithAReason(String garbage) {
        assertThatThrownBy(() -> QueuedWriteCodec.decode(garbage))
                .isInstanceOf(MalformedEntryException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void aVersion2EntryCarryingPayloadsIsMalformed() {
        String entry = SampleWrites.versionOneEntry(SampleWrites.random(1, NOW));

        assertThatThrownBy(() -> QueuedWriteCodec.decode("2" + entry.substring(1)))
                .isInstanceOf(MalformedEntryException.class)
                .hasMessageContaining("seed field of 512 chars");
    }

    @Test
    void anEntryOfANewerVersionIsNotMalformedButNewer() {
        assertThatThrownBy(() -> QueuedWriteCodec.decode("3|whatever the next format holds"))
                .isInstanceOf(NewerVersionException.class)
                .isNotInstanceOf(MalformedEntryException.class)
                .hasMessage("entry of codec version 3, newer than 2")
                .satisfies(e -> assertThat(((NewerVersionException) e).version()).isEqualTo(3));
    }

    @Test
    void rejectsVersion1PayloadOutsideTheAlphabet() {
        String valid = SampleWrites.versionOneEntry(SampleWrites.random(1, NOW));
        String corrupt = valid.substring(0, valid.length() - 1) + "!";

        assertThatThrownBy(() -> QueuedWriteCodec.decode(corrupt))
                .isInstanceOf(MalformedEntryException.class)
                .hasMessageContaining("[A-Za-z0-9]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void rejectsAnAbsurdDocumentCountBeforeAllocating(String version) {
        String ids = new ObjectId().toHexString().repeat(QueuedWrite.MAX_DOCUMENTS + 1);

        assertThatThrownBy(() -> QueuedWriteCodec.decode(version + "|1|" + ids + "|0123456789abcdef"))
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

    @Test
    void sampleWritesGiveTheEntryTheApiWouldSend() {
        QueuedWrite write = SampleWrites.newRequest(NOW);

        assertThat(SampleWrites.entry(write)).startsWith("2|").hasSize(153);
        assertThat(QueuedWriteCodec.decode(SampleWrites.entry(write))).isEqualTo(write);
    }

    private static QueuedWrite decode(byte[] entry) {
        return QueuedWriteCodec.decode(new String(entry, StandardCharsets.US_ASCII));
    }
}
