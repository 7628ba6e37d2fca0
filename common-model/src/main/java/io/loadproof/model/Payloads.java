package io.loadproof.model;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/** The 512-character {@code [A-Za-z0-9]} payloads of the original assessment. */
public final class Payloads {

    public static final int LENGTH = 512;

    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final char[] ALPHABET_CHARS = ALPHABET.toCharArray();
    private static final byte[] ALPHABET_BYTES = ALPHABET.getBytes(StandardCharsets.US_ASCII);

    private Payloads() {
    }

    /** A uniformly random payload. */
    public static String random(RandomGenerator random) {
        byte[] ascii = new byte[LENGTH];
        fill(ascii, 0, random);
        return new String(ascii, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes a uniformly random payload as ASCII into {@code target} at {@code offset}. Each
     * {@code nextLong()} yields ten 6-bit draws; the two values outside the 62-letter alphabet are
     * rejected, so no letter is favoured.
     */
    public static void fill(byte[] target, int offset, RandomGenerator random) {
        int end = offset + LENGTH;
        int filled = offset;
        while (filled < end) {
            long bits = random.nextLong();
            for (int draw = 0; draw < 10 && filled < end; draw++) {
                int value = (int) (bits & 63);
                bits >>>= 6;
                if (value < ALPHABET_BYTES.length) {
                    target[filled++] = ALPHABET_BYTES[value];
                }
            }
        }
    }

    /** 1 for the characters of {@link #ALPHABET}, 0 for every other char below 128. */
    private static final byte[] ALPHANUMERIC = new byte[128];

    static {
        for (char c : ALPHABET_CHARS) {
            ALPHANUMERIC[c] = 1;
        }
    }

    /**
     * Whether every char in [from, to) is in {@code [A-Za-z0-9]}. A table lookup instead of three
     * range tests: random payload letters made those branches unpredictable, and this check was
     * the writer's hottest code (it validates ~12,000 payloads a second).
     */
    public static boolean isValid(CharSequence text, int from, int to) {
        int valid = 1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            valid &= c < 128 ? ALPHANUMERIC[c] : 0;
        }
        return valid == 1;
    }
}
