package io.loadproof.lab.faults.scenarios;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.types.ObjectId;

import io.loadproof.embedded.RespClient;
import io.loadproof.lab.faults.Fault;
import io.loadproof.lab.faults.FaultContext;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;

/**
 * Undecodable entries injected into the stream among the good ones: each must reach the
 * dead-letter stream, none may hold up the others. The version of the "wrong version" entry is not
 * a number: a numeric version above the writer's is a newer codec's entry, which waits for a
 * writer that knows it instead.
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
        try (RespClient redis = context.lab().connectRedis()) {
            List<String> poisons = poisons();
            for (int i = 0; i < ENTRIES; i++) {
                if (i % 10 == 9) {
                    redis.call("XADD", RedisKeys.WRITE_STREAM, "*", "unexpected_field", "x");
                } else {
                    redis.call("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, poisons.get(i % poisons.size()));
                }
            }
            context.faultEnds("injected");
            long deadLetters = 0;
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    System.nanoTime() < deadline && deadLetters < ENTRIES; FaultContext.sleepSeconds(0.5)) {
                deadLetters = redis.callLong("XLEN", RedisKeys.DEAD_LETTER_STREAM);
            }
            context.observe("dead-lettered entries", deadLetters);
            context.check(deadLetters == ENTRIES, deadLetters + " of " + ENTRIES + " poison entries reached the dead-letter stream");
        }
    }

    /**
     * Garbage, empty, a version that is not a number, truncated, a character outside the codec's (in
     * the seed), a valid version 2 tail under version 1: each malformed whatever the ids and seed drawn.
     */
    static List<String> poisons() {
        String valid = new String(QueuedWriteCodec.encodeNew(Instant.now(), List.of(new ObjectId(), new ObjectId()),
                ThreadLocalRandom.current().nextLong()), StandardCharsets.US_ASCII);
        return List.of("garbage", "", "x|" + valid.substring(2), valid.substring(0, valid.length() - 3),
                valid.substring(0, valid.length() - 1) + "!", "1|" + valid.substring(2));
    }
}
