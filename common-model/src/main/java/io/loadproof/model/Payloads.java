package io.loadproof.model;

import java.nio.charset.StandardCharsets;

/**
 * The 512-character {@code [A-Za-z0-9]} payloads of the original assessment, generated from a
 * request's 64-bit seed: a stream entry carries the seed (16 hex chars) instead of five payloads
 * (2,560 chars), and the writer regenerates the payloads when it stores the documents.
 * <p>
 * The generator is pinned, not borrowed from the JDK: an entry queued today must give the same
 * payloads to any writer built later, so {@link #generate} must never change (PayloadsTest holds
 * a test vector). It is SplitMix64 (Steele, Lea and Flood, 2014), written out here.
 */
public final class Payloads {

    public static final int LENGTH = 512;

    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** SplitMix64's increment: the odd 64-bit integer nearest 2^64 / golden ratio. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private static final char[] ALPHABET_CHARS = ALPHABET.toCharArray();
    private static final byte[] ALPHABET_BYTES = ALPHABET.getBytes(StandardCharsets.US_ASCII);

    private Payloads() {
    }

    /**
     * Payload {@code index} of the request whose seed is {@code seed}. The documents of one request
     * read one SplitMix64 sequence at points 2^32 steps apart (a payload takes about 53 steps), so
     * their payloads never share a stretch.
     */
    public static String generate(long seed, int index) {
        byte[] ascii = new byte[LENGTH];
        long state = seed + ((long) index << 32) * GOLDEN_GAMMA;
        int filled = 0;
        while (filled < LENGTH) {
            state += GOLDEN_GAMMA;
            filled = appendLetters(mix(state), ascii, filled);
        }
        return new String(ascii, StandardCharsets.ISO_8859_1);
    }

    /**
     * Appends the letters of one 64-bit output: ten 6-bit draws (the top 4 bits are unused), the two
     * values outside the 62-letter alphabet rejected, so no letter is favoured.
     */
    private static int appendLetters(long bits, byte[] target, int filled) {
        for (int draw = 0; draw < 10 && filled < target.length; draw++) {
            int value = (int) (bits & 63);
            bits >>>= 6;
            if (value < ALPHABET_BYTES.length) {
                target[filled++] = ALPHABET_BYTES[value];
            }
        }
        return filled;
    }

    /** SplitMix64's output function (Stafford's "Mix13" finalizer). */
    private static long mix(long state) {
        long z = (state ^ (state >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
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
     * the writer's hottest code when every entry carried its payloads (codec version 1).
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
