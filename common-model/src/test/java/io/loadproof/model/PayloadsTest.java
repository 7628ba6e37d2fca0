package io.loadproof.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void payloadsAre512AlphanumericCharsAndUseTheWholeAlphabet() {
        SplittableRandom random = new SplittableRandom(42);
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String payload = Payloads.random(random);
            assertThat(payload).hasSize(512).matches("[A-Za-z0-9]+");
            payload.chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(62);
    }

    @Test
    void payloadsDiffer() {
        SplittableRandom random = new SplittableRandom();

        assertThat(Payloads.random(random)).isNotEqualTo(Payloads.random(random));
    }
}
