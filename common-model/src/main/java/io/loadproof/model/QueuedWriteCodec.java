package io.loadproof.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.bson.types.ObjectId;

/**
 * The compact text form of a {@link QueuedWrite} in a stream entry:
 *
 * <pre>
 * 1|&lt;epoch millis&gt;|&lt;ids: 24 hex chars each, concatenated&gt;|&lt;payloads: 512 chars each, concatenated&gt;
 * </pre>
 *
 * The leading version lets a later format be read beside this one during a rolling upgrade: an
 * entry of a later version fails to decode with {@link NewerVersionException}, not as malformed.
 * About 2.7 KB for a request of five documents.
 */
public final class QueuedWriteCodec {

    public static final String VERSION = "1";

    private static final char SEPARATOR = '|';
    private static final int HEX_ID_LENGTH = 24;

    private QueuedWriteCodec() {
    }

    public static String encode(QueuedWrite write) {
        int documents = write.size();
        StringBuilder text = new StringBuilder(24 + documents * (HEX_ID_LENGTH + Payloads.LENGTH));
        text.append(VERSION).append(SEPARATOR)
                .append(write.timestamp().toEpochMilli()).append(SEPARATOR);
        for (ObjectId id : write.ids()) {
            text.append(id.toHexString());
        }
        text.append(SEPARATOR);
        for (String payload : write.payloads()) {
            text.append(payload);
        }
        return text.toString();
    }

    /**
     * The entry of a new request, as ASCII bytes, with its payloads drawn at random straight into
     * them: what the API sends, without building the payload strings first.
     */
    public static byte[] encodeNew(Instant timestamp, List<ObjectId> ids, RandomGenerator random) {
        String head = VERSION + SEPARATOR + timestamp.toEpochMilli() + SEPARATOR;
        byte[] entry = new byte[head.length() + ids.size() * (HEX_ID_LENGTH + Payloads.LENGTH) + 1];
        int position = ascii(head, entry, 0);
        for (ObjectId id : ids) {
            position = ascii(id.toHexString(), entry, position);
        }
        entry[position++] = (byte) SEPARATOR;
        for (int i = 0; i < ids.size(); i++) {
            Payloads.fill(entry, position, random);
            position += Payloads.LENGTH;
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
        int versionEnd = text.indexOf(SEPARATOR);
        if (versionEnd < 0) {
            throw new MalformedEntryException("no version field");
        }
        checkVersion(text.substring(0, versionEnd));
        int timestampEnd = text.indexOf(SEPARATOR, versionEnd + 1);
        int idsEnd = timestampEnd < 0 ? -1 : text.indexOf(SEPARATOR, timestampEnd + 1);
        if (idsEnd < 0) {
            throw new MalformedEntryException("expected 4 '|'-separated fields");
        }
        Instant timestamp = parseTimestamp(text.substring(versionEnd + 1, timestampEnd));
        List<ObjectId> ids = parseIds(text, timestampEnd + 1, idsEnd);
        List<String> payloads = parsePayloads(text, idsEnd + 1, ids.size());
        return new QueuedWrite(timestamp, ids, payloads);
    }

    /**
     * @throws NewerVersionException for a later version (a writer of that version will read it)
     * @throws MalformedEntryException for anything else that is not this version
     */
    private static void checkVersion(String version) {
        if (VERSION.equals(version)) {
            return;
        }
        if (version.length() <= 9 && version.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(version) > Integer.parseInt(VERSION)) {
            throw new NewerVersionException(Integer.parseInt(version));
        }
        throw new MalformedEntryException("unsupported version '" + abbreviate(version) + "'");
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
