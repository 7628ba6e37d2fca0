package io.loadproof.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.bson.types.ObjectId;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The codec over generated input: whatever text an entry holds, decoding gives the documents or
 * one of the codec's two exceptions, never another one (which the writer would have to treat as a
 * bug); and what the API encodes decodes to the same documents.
 */
class QueuedWriteCodecPropertiesTest {

    @Property(tries = 3000)
    void anyTextDecodesOrIsRefusedByTheCodec(@ForAll("entries") String text) {
        assertDecodesOrIsRefused(text);
    }

    @Property(tries = 1000)
    void anyUnicodeTextDecodesOrIsRefusedByTheCodec(@ForAll String text) {
        assertDecodesOrIsRefused(text);
    }

    @Property(tries = 500)
    void encodeNewThenDecodeIsTheIdentityOnTheDocuments(@ForAll @LongRange(min = 0, max = 253402300799999L) long millis,
            @ForAll long seed, @ForAll @IntRange(min = 1, max = QueuedWrite.MAX_DOCUMENTS) int count) {
        Instant timestamp = Instant.ofEpochMilli(millis);
        List<ObjectId> ids = java.util.stream.Stream.generate(ObjectId::new).limit(count).toList();

        String entry = new String(QueuedWriteCodec.encodeNew(timestamp, ids, seed), StandardCharsets.US_ASCII);
        QueuedWrite decoded = QueuedWriteCodec.decode(entry);

        assertThat(decoded.ids()).isEqualTo(ids);
        assertThat(decoded.timestamp()).isEqualTo(timestamp);
        assertThat(decoded.documents()).allSatisfy(document -> {
            assertThat(document.id()).isEqualTo(ids.get(document.index()));
            assertThat(document.payload()).isEqualTo(Payloads.generate(seed, document.index()));
            assertThat(document.timestamp()).isEqualTo(timestamp);
        });
    }

    private static void assertDecodesOrIsRefused(String text) {
        try {
            QueuedWrite write = QueuedWriteCodec.decode(text);
            assertThat(write.documents()).hasSameSizeAs(write.ids());
        } catch (MalformedEntryException | NewerVersionException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Text shaped like an entry: four '|'-separated fields of near-valid and invalid pieces, often shuffled. */
    @Provide
    Arbitrary<String> entries() {
        Arbitrary<String> version = Arbitraries.of("", "1", "2", "3", "0", "02", "-1", "+2", "999999999", "9999999999", "x",
                " 2", "２");
        Arbitrary<String> millis = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("", "-0", "+5", "1e3", "9223372036854775808", "0x10"));
        Arbitrary<String> ids = Arbitraries.oneOf(hex(24).list().ofMinSize(0).ofMaxSize(70).map(list -> String.join("", list)),
                Arbitraries.strings().ofMaxLength(60));
        Arbitrary<String> tail = Arbitraries.oneOf(hex(16), hex(15), Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("ABCxyz019").ofLength(512).list().ofMaxSize(6).map(l -> String.join("", l)),
                Arbitraries.strings().alpha().numeric().ofMinLength(500).ofMaxLength(2600));
        Arbitrary<String> separator = Arbitraries.of("|", "|", "|", "", "||");
        return Combinators.combine(version, separator, millis, separator, ids, separator, tail)
                .as((v, s1, m, s2, i, s3, t) -> v + s1 + m + s2 + i + s3 + t);
    }

    private static Arbitrary<String> hex(int length) {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEFg").ofLength(length);
    }
}
