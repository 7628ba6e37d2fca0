package io.loadproof.lab.faults.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.loadproof.model.MalformedEntryException;
import io.loadproof.model.QueuedWriteCodec;

/** The poison scenario expects every injected entry in the dead letters: none may be decodable, or newer. */
class PoisonEntriesTest {

    @Test
    void everyPoisonIsMalformedWhateverIdsAndSeedAreDrawn() {
        for (int draw = 0; draw < 2_000; draw++) {
            List<String> poisons = PoisonEntries.poisons();
            assertThat(poisons).anyMatch(poison -> poison.startsWith("x|"));
            for (String poison : poisons) {
                assertThatThrownBy(() -> QueuedWriteCodec.decode(poison)).as(poison)
                        .isExactlyInstanceOf(MalformedEntryException.class);
            }
        }
    }
}
