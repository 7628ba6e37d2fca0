package io.loadproof.lab.faults.scenarios;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.types.ObjectId;

import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Undecodable entries of every kind injected into the stream among the good ones: each must reach
 * the dead-letter stream, none may hold up the others (the loss audit then finds every id answered
 * 200). Kinds: garbage, empty, a version that is not a number, an empty version, truncated, a
 * character outside the codec's, a version 1 entry with a short payload, a huge value, bytes that
 * are not UTF-8, another field name, extra fields, no {@code m} field. No numeric version above the
 * writer's: that is a newer codec's entry, which waits for a writer that knows it instead.
 */
public final class PoisonEntries extends Fault {

    static final int ENTRIES = 50;

    public PoisonEntries() {
        super("poison", ENTRIES + " undecodable entries injected into the stream", Recovery.NONE);
    }

    @Override
    public boolean clientsUnaffected() {
        return true;
    }

    @Override
    public long expectedDeadLetters() {
        return ENTRIES;
    }

    @Override
    public void inject(FaultContext context, Timing timing) {
        context.faultStarts(description());
        try (Jedis redis = context.lab().connectRedis()) {
            List<List<byte[]>> poisons = poisons();
            for (int i = 0; i < ENTRIES; i++) {
                List<byte[]> arguments = new ArrayList<>(List.of(bytes(RedisKeys.WRITE_STREAM), bytes("*")));
                arguments.addAll(poisons.get(i % poisons.size()));
                redis.sendCommand(Protocol.Command.XADD, arguments.toArray(byte[][]::new));
            }
            context.faultEnds("injected");
            long deadLetters = 0;
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    System.nanoTime() < deadline && deadLetters < ENTRIES; FaultContext.sleepSeconds(0.5)) {
                deadLetters = redis.xlen(RedisKeys.DEAD_LETTER_STREAM);
            }
            context.observe("dead-lettered entries", deadLetters);
            context.check(deadLetters == ENTRIES, deadLetters + " of " + ENTRIES + " poison entries reached the dead-letter stream");
        }
    }

    /** The fields of each kind of poison entry (see the class comment), each malformed whatever the ids and seed drawn. */
    static List<List<byte[]>> poisons() {
        String valid = new String(QueuedWriteCodec.encodeNew(Instant.now(), List.of(new ObjectId(), new ObjectId()),
                ThreadLocalRandom.current().nextLong()), StandardCharsets.US_ASCII);
        List<List<byte[]>> poisons = new ArrayList<>();
        for (String text : List.of("garbage", "", "x|" + valid.substring(2), valid.substring(1),
                valid.substring(0, valid.length() - 3), valid.substring(0, valid.length() - 1) + "!",
                "1|" + valid.substring(2), "2|1|" + new ObjectId() + "|" + "f".repeat(1_000_000))) {
            poisons.add(List.of(bytes(RedisKeys.ENTRY_FIELD), bytes(text)));
        }
        poisons.add(List.of(bytes(RedisKeys.ENTRY_FIELD), new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, '|', 0}));
        poisons.add(List.of(bytes("unexpected_field"), bytes(valid)));
        poisons.add(List.of(bytes(RedisKeys.ENTRY_FIELD), bytes("nonsense"), bytes("extra"), bytes("1")));
        poisons.add(List.of(bytes("only"), bytes("other")));
        return poisons;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
