package io.loadproof.embedded.mongo;

/**
 * What the lab's MongoDB stand-in keeps of a document's payload instead of its 512 characters:
 * whether it was a valid payload ({@code [A-Za-z0-9]{512}}, the contract's), its length and a
 * short hash, e.g. {@code valid/512/1f3a9c0e}. A digest cannot be mistaken for a payload (it
 * holds a {@code /}), so an audit reading documents back can tell a valid payload, the digest of
 * a valid one and anything else apart.
 */
public final class PayloadDigest {

    /** The field of a stored document that holds the payload (as in common-model's MongoNames). */
    public static final String FIELD = "payload";
    public static final int PAYLOAD_LENGTH = 512;

    private static final String VALID = "valid/";
    private static final String INVALID = "invalid/";

    private PayloadDigest() {
    }

    /** One pass over the payload for both its validity and its hash: the stand-in does it for every document. */
    public static String of(String payload) {
        boolean valid = payload.length() == PAYLOAD_LENGTH;
        int hash = 0;
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            valid &= isPayloadCharacter(c);
            hash = 31 * hash + c;
        }
        return (valid ? VALID : INVALID) + payload.length() + "/" + Integer.toHexString(hash);
    }

    /** A payload as the contract makes them: 512 characters of {@code [A-Za-z0-9]}. */
    public static boolean isValidPayload(String payload) {
        return payload.length() == PAYLOAD_LENGTH && payload.chars().allMatch(c -> isPayloadCharacter((char) c));
    }

    private static boolean isPayloadCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** The stand-in's digest of a valid payload. */
    public static boolean isDigestOfValidPayload(String stored) {
        return stored.startsWith(VALID + PAYLOAD_LENGTH + "/");
    }

    /** What an audit accepts as a stored payload: a valid one, or the stand-in's digest of a valid one. */
    public static boolean isValidStoredPayload(Object stored) {
        return stored instanceof String text && (isValidPayload(text) || isDigestOfValidPayload(text));
    }
}
