package io.loadproof.lab.faults.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.loadproof.model.MalformedEntryException;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;

/**
 * The poison scenario expects every injected entry in the dead letters: none may be decodable, or
 * newer. The writer reads the {@code m} field as UTF-8 (invalid bytes replaced), as decoded here.
 */
class PoisonEntriesTest {

    @Test
    void everyPoisonIsMalformedWhateverIdsAndSeedAreDrawn() {
        for (int draw = 0; draw < 500; draw++) {
            List<List<byte[]>> poisons = PoisonEntries.poisons();
            assertThat(poisons).hasSizeGreaterThanOrEqualTo(12);
            for (List<byte[]> fields : poisons) {
                String message = entryField(fields);
                assertThatThrownBy(() -> QueuedWriteCodec.decode(message)).as(message == null ? "no m field"
                        : message.substring(0, Math.min(60, message.length())))
                        .isExactlyInstanceOf(MalformedEntryException.class);
            }
        }
    }

    private static String entryField(List<byte[]> fields) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (RedisKeys.ENTRY_FIELD.equals(new String(fields.get(i), StandardCharsets.UTF_8))) {
                return new String(fields.get(i + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
