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
    void validationAcceptsExactlyTheAlphabet() {
        for (char c = 0; c < 0x3000; c++) {
            boolean expected = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            assertThat(Payloads.isValid("ab" + c + "cd", 0, 5)).as("char %d", (int) c).isEqualTo(expected);
        }
        assertThat(Payloads.isValid("abc!", 0, 3)).isTrue();
        assertThat(Payloads.isValid("", 0, 0)).isTrue();
    }

    @Test
    void payloadsDiffer() {
        SplittableRandom random = new SplittableRandom();

        assertThat(Payloads.random(random)).isNotEqualTo(Payloads.random(random));
    }
}
