package io.loadproof.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.types.ObjectId;

/**
 * The compact text form of a {@link QueuedWrite} in a stream entry. The API writes version 2, which
 * carries a seed instead of the payloads ({@link Payloads#generate}: payload i from the seed and i):
 *
 * <pre>
 * 2|&lt;epoch millis&gt;|&lt;ids: 24 hex chars each, concatenated&gt;|&lt;seed: 16 lowercase hex chars&gt;
 * </pre>
 *
 * 153 bytes for a request of five documents. Version 1 carried the payloads themselves, 2,697 bytes:
 *
 * <pre>
 * 1|&lt;epoch millis&gt;|&lt;ids: 24 hex chars each, concatenated&gt;|&lt;payloads: 512 chars each, concatenated&gt;
 * </pre>
 *
 * Both decode to the same documents: entries of version 1 may wait in the stream across the upgrade,
 * and a dead-letter replay may bring them back. The leading version lets a later format be read
 * beside these during a rolling upgrade: an entry of a later version fails to decode with
 * {@link NewerVersionException}, not as malformed.
 */
public final class QueuedWriteCodec {

    private static final String PAYLOADS_VERSION = "1";
    private static final String SEED_VERSION = "2";

    /** The version this build writes, the newest it reads. */
    public static final String VERSION = SEED_VERSION;

    private static final char SEPARATOR = '|';
    private static final int HEX_ID_LENGTH = 24;
    private static final int SEED_LENGTH = 16;
    private static final String HEX_DIGITS = "0123456789abcdef";
    /** A version 1 entry of the most documents a decoder accepts, with a 19-digit timestamp and a long version. */
    static final int MAX_LENGTH = 9 + 1 + 19 + 1 + QueuedWrite.MAX_DOCUMENTS * (HEX_ID_LENGTH + Payloads.LENGTH) + 1;

    private QueuedWriteCodec() {
    }

    /**
     * The entry of a new request, straight into ASCII bytes: what the API sends.
     *
     * @param seed drawn at random per request; the documents' payloads follow from it
     */
    public static byte[] encodeNew(Instant timestamp, List<ObjectId> ids, long seed) {
        String head = VERSION + SEPARATOR + timestamp.toEpochMilli() + SEPARATOR;
        byte[] entry = new byte[head.length() + ids.size() * HEX_ID_LENGTH + 1 + SEED_LENGTH];
        int position = ascii(head, entry, 0);
        for (ObjectId id : ids) {
            position = ascii(id.toHexString(), entry, position);
        }
        entry[position++] = (byte) SEPARATOR;
        for (int shift = 4 * (SEED_LENGTH - 1); shift >= 0; shift -= 4) {
            entry[position++] = (byte) HEX_DIGITS.charAt((int) (seed >>> shift) & 15);
        }
        return entry;
    }

    private static int ascii(String text, byte[] target, int position) {
        for (int i = 0; i < text.length(); i++) {
            target[position + i] = (byte) text.charAt(i);
        }
        return position + text.length();
    }

    /** @throws MalformedEntryException with the reason, for anything that is not a valid entry */
    public static QueuedWrite decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedEntryException("empty entry");
        }
        if (text.length() > MAX_LENGTH) {
            throw new MalformedEntryException("entry of " + text.length() + " chars, longer than any valid one ("
                    + MAX_LENGTH + ")");
        }
        int versionEnd = text.indexOf(SEPARATOR);
        if (versionEnd < 0) {
            throw new MalformedEntryException("no version field");
        }
        boolean seeded = isSeeded(text.substring(0, versionEnd));
        int timestampEnd = text.indexOf(SEPARATOR, versionEnd + 1);
        int idsEnd = timestampEnd < 0 ? -1 : text.indexOf(SEPARATOR, timestampEnd + 1);
        if (idsEnd < 0) {
            throw new MalformedEntryException("expected 4 '|'-separated fields");
        }
        Instant timestamp = parseTimestamp(text.substring(versionEnd + 1, timestampEnd));
        List<ObjectId> ids = parseIds(text, timestampEnd + 1, idsEnd);
        List<String> payloads = seeded ? generatePayloads(parseSeed(text, idsEnd + 1), ids.size())
                : parsePayloads(text, idsEnd + 1, ids.size());
        return new QueuedWrite(timestamp, ids, payloads);
    }

    /**
     * @return true for version 2 (a seed), false for version 1 (the payloads)
     * @throws NewerVersionException for a later version (a writer of that version will read it)
     * @throws MalformedEntryException for anything else
     */
    private static boolean isSeeded(String version) {
        if (SEED_VERSION.equals(version)) {
            return true;
        }
        if (PAYLOADS_VERSION.equals(version)) {
            return false;
        }
        if (isNumber(version) && Integer.parseInt(version) > Integer.parseInt(VERSION)) {
            throw new NewerVersionException(Integer.parseInt(version));
        }
        throw new MalformedEntryException("unsupported version '" + abbreviate(version) + "'");
    }

    /** 1 to 9 ASCII digits: what {@link Integer#parseInt} takes without overflow ({@code ""} is no number). */
    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Instant parseTimestamp(String millis) {
        try {
            long epochMillis = Long.parseLong(millis);
            if (epochMillis < 0) {
                throw new MalformedEntryException("negative timestamp " + epochMillis);
            }
            return Instant.ofEpochMilli(epochMillis);
        } catch (NumberFormatException e) {
            throw new MalformedEntryException("timestamp '" + abbreviate(millis) + "' is not a number");
        }
    }

    private static List<ObjectId> parseIds(String text, int from, int to) {
        int length = to - from;
        if (length == 0 || length % HEX_ID_LENGTH != 0) {
            throw new MalformedEntryException("ids field of " + length + " chars is not a whole number of 24-char ids");
        }
        int count = length / HEX_ID_LENGTH;
        if (count > QueuedWrite.MAX_DOCUMENTS) {
            throw new MalformedEntryException(count + " ids, more than the " + QueuedWrite.MAX_DOCUMENTS + " allowed");
        }
        List<ObjectId> ids = new ArrayList<>(count);
        for (int start = from; start < to; start += HEX_ID_LENGTH) {
            String hex = text.substring(start, start + HEX_ID_LENGTH);
            if (!ObjectId.isValid(hex)) {
                throw new MalformedEntryException("id '" + hex + "' is not a hex ObjectId");
            }
            ids.add(new ObjectId(hex));
        }
        return ids;
    }

    /** The seed field: exactly 16 lowercase hex digits, so that an entry has one spelling. */
    private static long parseSeed(String text, int from) {
        if (text.length() - from != SEED_LENGTH) {
            throw new MalformedEntryException("seed field of " + (text.length() - from) + " chars, expected "
                    + SEED_LENGTH + " hex digits");
        }
        long seed = 0;
        for (int i = from; i < text.length(); i++) {
            int digit = HEX_DIGITS.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new MalformedEntryException("seed '" + abbreviate(text.substring(from)) + "' is not 16 lowercase hex digits");
            }
            seed = seed << 4 | digit;
        }
        return seed;
    }

    private static List<String> generatePayloads(long seed, int count) {
        List<String> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(Payloads.generate(seed, i));
        }
        return payloads;
    }

    private static List<String> parsePayloads(String text, int from, int count) {
        int expected = count * Payloads.LENGTH;
        if (text.length() - from != expected) {
            throw new MalformedEntryException("payloads field of " + (text.length() - from) + " chars, expected "
                    + expected + " for " + count + " documents");
        }
        if (!Payloads.isValid(text, from, text.length())) {
            throw new MalformedEntryException("payload has characters outside [A-Za-z0-9]");
        }
        List<String> payloads = new ArrayList<>(count);
        for (int start = from; start < text.length(); start += Payloads.LENGTH) {
            payloads.add(text.substring(start, start + Payloads.LENGTH));
        }
        return payloads;
    }

    private static String abbreviate(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "...";
    }
}
