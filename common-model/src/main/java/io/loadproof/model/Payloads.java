package io.loadproof.model;

import java.util.random.RandomGenerator;

/** The 512-character {@code [A-Za-z0-9]} payloads of the original assessment. */
public final class Payloads {

    public static final int LENGTH = 512;

    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final char[] ALPHABET_CHARS = ALPHABET.toCharArray();

    private Payloads() {
    }

    /**
     * A uniformly random payload. Each {@code nextLong()} yields ten 6-bit draws; the two values
     * outside the 62-letter alphabet are rejected, so no letter is favoured.
     */
    public static String random(RandomGenerator random) {
        char[] chars = new char[LENGTH];
        int filled = 0;
        while (filled < LENGTH) {
            long bits = random.nextLong();
            for (int draw = 0; draw < 10 && filled < LENGTH; draw++) {
                int value = (int) (bits & 63);
                bits >>>= 6;
                if (value < ALPHABET_CHARS.length) {
                    chars[filled++] = ALPHABET_CHARS[value];
                }
            }
        }
        return new String(chars);
    }

    public static boolean isValid(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric) {
                return false;
            }
        }
        return true;
    }
}
