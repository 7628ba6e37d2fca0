package io.loadproof.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A digest tells a valid payload from anything else, and is never taken for a payload. */
class PayloadDigestTest {

    private static final String VALID = "aZ09".repeat(128);

    @Test
    void digestsSayWhetherThePayloadWasValid() {
        assertThat(PayloadDigest.of(VALID)).isEqualTo("valid/512/" + Integer.toHexString(VALID.hashCode()));
        assertThat(PayloadDigest.of(VALID.substring(1))).startsWith("invalid/511/");
        assertThat(PayloadDigest.of(VALID.replace('Z', '!'))).startsWith("invalid/512/");
    }

    @Test
    void anAuditAcceptsValidPayloadsAndDigestsOfValidOnesOnly() {
        assertThat(PayloadDigest.isValidStoredPayload(VALID)).isTrue();
        assertThat(PayloadDigest.isValidStoredPayload(PayloadDigest.of(VALID))).isTrue();
        assertThat(PayloadDigest.isValidStoredPayload(PayloadDigest.of("short"))).isFalse();
        assertThat(PayloadDigest.isValidStoredPayload(VALID + "x")).isFalse();
        assertThat(PayloadDigest.isValidStoredPayload(512)).isFalse();
        assertThat(PayloadDigest.isValidPayload(PayloadDigest.of(VALID))).isFalse();
    }
}
