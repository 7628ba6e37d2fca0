package io.loadproof.writer.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.loadproof.model.RedisKeys;
import io.loadproof.writer.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;

/**
 * The writer's side of the write stream and its consumer group: everything the writer does with
 * {@code write_queue} goes through here. Acknowledging always deletes too, in one script, because
 * the API measures the unwritten backlog with {@code XLEN}.
 * <p>
 * Everything here works while Redis is at {@code maxmemory} (noeviction), so that the writers
 * drain a full queue: XREADGROUP, XAUTOCLAIM, XCLAIM, XACK and XDEL may not grow memory in Redis'
 * eyes, and Redis 6.2 and 7.x refuse a script at OOM only if its first write command may; hence
 * each script starts with one that may not. Only XGROUP CREATE is refused, so it is sent only when
 * the group is missing.
 */
@Singleton
public class WriteStreamConsumer {

    /** XACK then XDEL of the same ids, atomically: an acked entry never lingers in the stream. */
    static final String ACK_AND_DELETE = """
            local acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
            redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
            return acked
            """;

    /**
     * Moves one entry to the dead-letter stream and acks+deletes it, atomically, if it is still
     * pending on this consumer: an entry another writer has claimed since is that writer's to write
     * (or to dead-letter). The entry is copied from the stream itself, so its bytes go to the dead
     * letter as they were, whatever they are: the {@code m} field as the payload, up to 100 other
     * fields as {@code field:<name>}. XACK is the first write (see the class comment); the type
     * check comes before it, since a script is not rolled back.
     */
    static final String DEAD_LETTER = """
            local deadType = redis.call('TYPE', KEYS[2])['ok']
            if deadType ~= 'stream' and deadType ~= 'none' then
              return redis.error_reply('WRONGTYPE ' .. KEYS[2] .. ' is a ' .. deadType .. ', not a stream')
            end
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if #pending == 0 or pending[1][2] ~= ARGV[3] then
              return 0
            end
            local found = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            if #found == 0 then
              return 0
            end
            local payload = ''
            local others = {}
            local fields = found[1][2]
            for i = 1, #fields - 1, 2 do
              if fields[i] == ARGV[8] then
                payload = fields[i + 1]
              elseif #others < 200 then
                table.insert(others, 'field:' .. fields[i])
                table.insert(others, fields[i + 1])
              end
            end
            redis.call('XADD', KEYS[2], '*', ARGV[4], ARGV[2], ARGV[5], ARGV[6], ARGV[7], payload, unpack(others))
            redis.call('XDEL', KEYS[1], ARGV[2])
            return 1
            """;

    /**
     * Resets the idle time of the given entries that are still pending on this consumer (XCLAIM
     * JUSTID: the delivery count is left alone) and returns the others: an entry another writer
     * claimed meanwhile stays with that writer instead of being taken back.
     */
    static final String KEEP_CLAIMED = """
            local lost = {}
            for i = 3, #ARGV do
              local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
              if #pending > 0 and pending[1][2] == ARGV[2] then
                redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
              else
                table.insert(lost, ARGV[i])
              end
            end
            return lost
            """;

    /**
     * XAUTOCLAIM, uniform across Redis 6.2 and 7: claims with JUSTID (6.2 replies with a bare nil
     * instead of an entry it has lost, so the id would be unknown), then per id fetches the entry,
     * acks the ids whose entry is gone, and counts the delivery (JUSTID alone would not), so that
     * XPENDING shows operators how often an entry was handed out. Returns {cursor, vanished, {{id, fields}...}}.
     */
    static final String CLAIM = """
            local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5], 'JUSTID')
            local vanished = 0
            local entries = {}
            for _, id in ipairs(claimed[2]) do
              local found = redis.call('XRANGE', KEYS[1], id, id)
              if #found == 0 then
                redis.call('XACK', KEYS[1], ARGV[1], id)
                vanished = vanished + 1
              else
                local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
                local deliveries = 1
                if #pending > 0 then
                  deliveries = pending[1][4] + 1
                end
                redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'RETRYCOUNT', deliveries, 'JUSTID')
                table.insert(entries, {id, found[1][2]})
              end
            end
            if claimed[3] then
              vanished = vanished + #claimed[3]
            end
            return {claimed[1], vanished, entries}
            """;

    private static final LuaScript ACK_AND_DELETE_SCRIPT = new LuaScript(ACK_AND_DELETE);
    private static final LuaScript DEAD_LETTER_SCRIPT = new LuaScript(DEAD_LETTER);
    private static final LuaScript CLAIM_SCRIPT = new LuaScript(CLAIM);
    private static final LuaScript KEEP_CLAIMED_SCRIPT = new LuaScript(KEEP_CLAIMED);

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final String stream = RedisKeys.WRITE_STREAM;
    private final String group = RedisKeys.WRITER_GROUP;

    public WriteStreamConsumer(RedisDataSource redis) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
    }

    /**
     * Creates the stream and the group if missing. The group starts at {@code 0}, so entries the
     * API queued before any writer ran are written too. XGROUP CREATE is refused while Redis is at
     * maxmemory, even for a group that exists, so it is sent only when the group is missing.
     */
    public void ensureGroup() {
        if (groupExists()) {
            return;
        }
        try {
            redis.execute("XGROUP", "CREATE", stream, group, "0", "MKSTREAM");
        } catch (RuntimeException e) {
            if (!isError(e, "BUSYGROUP")) {
                throw e;
            }
        }
    }

    /**
     * Reads up to {@code count} entries never delivered to any consumer.
     *
     * @param block how long to wait for the first entry; zero returns at once
     */
    public List<QueuedEntry> readNew(String consumer, int count, Duration block) {
        XReadGroupArgs args = new XReadGroupArgs().count(count);
        if (block.toMillis() > 0) {
            args.block(block);
        }
        List<StreamMessage<String, String, String>> messages;
        try {
            messages = streams.xreadgroup(group, consumer, stream, ">", args);
        } catch (RuntimeException e) {
            if (isError(e, "NOGROUP")) {
                // The stream was deleted (and the group with it): start over.
                ensureGroup();
                return List.of();
            }
            throw e;
        }
        return entries(messages);
    }

    /** Claims up to {@code count} entries pending longer than {@code minIdle} on any consumer. */
    public ClaimedEntries claimIdle(String consumer, Duration minIdle, String cursor, int count) {
        Response reply = CLAIM_SCRIPT.run(redis, List.of(stream),
                List.of(group, consumer, String.valueOf(minIdle.toMillis()), cursor, String.valueOf(count)));
        Response claimed = reply.get(2);
        List<QueuedEntry> entries = new ArrayList<>(claimed == null ? 0 : claimed.size());
        for (int i = 0; claimed != null && i < claimed.size(); i++) {
            Response entry = claimed.get(i);
            entries.add(new QueuedEntry(entry.get(0).toString(), field(entry.get(1), RedisKeys.ENTRY_FIELD)));
        }
        return new ClaimedEntries(reply.get(0).toString(), entries, reply.get(1).toInteger());
    }

    /**
     * Resets the idle time of the entries this consumer is still working on, so no other consumer
     * claims them meanwhile.
     *
     * @return the ids no longer pending on this consumer: another one claimed them (or they are gone)
     */
    public List<String> keepClaimed(String consumer, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> arguments = new ArrayList<>(ids.size() + 2);
        arguments.add(group);
        arguments.add(consumer);
        arguments.addAll(ids);
        Response lost = KEEP_CLAIMED_SCRIPT.run(redis, List.of(stream), arguments);
        List<String> lostIds = new ArrayList<>(lost.size());
        lost.forEach(id -> lostIds.add(id.toString()));
        return lostIds;
    }

    /** Acknowledges the entries and deletes them from the stream, atomically. @return entries acked */
    public long ackAndDelete(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> arguments = new ArrayList<>(ids.size() + 1);
        arguments.add(group);
        arguments.addAll(ids);
        return ACK_AND_DELETE_SCRIPT.run(redis, List.of(stream), arguments).toLong();
    }

    /**
     * Copies the entry, as the stream holds it, to the dead-letter stream with the reason, then acks
     * and deletes it, atomically.
     *
     * @return false when the entry is no longer pending on this consumer: nothing was done
     */
    public boolean deadLetter(String consumer, String id, String reason) {
        return DEAD_LETTER_SCRIPT.run(redis, List.of(stream, RedisKeys.DEAD_LETTER_STREAM), List.of(group, id, consumer,
                RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD, RedisKeys.DEAD_LETTER_REASON_FIELD, reason,
                RedisKeys.DEAD_LETTER_PAYLOAD_FIELD, RedisKeys.ENTRY_FIELD)).toLong() == 1;
    }

    /** Entries in the stream: the unwritten backlog, since written entries are deleted. */
    public long backlog() {
        return streams.xlen(stream);
    }

    /** Entries delivered to a consumer of the group and not yet acknowledged. */
    public long pending() {
        try {
            return streams.xpending(stream, group).getPendingCount();
        } catch (RuntimeException e) {
            if (isError(e, "NOGROUP")) {
                return 0;
            }
            throw e;
        }
    }

    /** XPENDING answers NOGROUP for a missing stream or group, and is a read, so it works at maxmemory. */
    private boolean groupExists() {
        try {
            streams.xpending(stream, group);
            return true;
        } catch (RuntimeException e) {
            if (isError(e, "NOGROUP")) {
                return false;
            }
            throw e;
        }
    }

    private static List<QueuedEntry> entries(List<StreamMessage<String, String, String>> messages) {
        if (messages == null || messages.isEmpty()) {
            return List.of();
        }
        List<QueuedEntry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, String, String> message : messages) {
            Map<String, String> fields = message.payload();
            entries.add(new QueuedEntry(message.id(), fields == null ? null : fields.get(RedisKeys.ENTRY_FIELD)));
        }
        return entries;
    }

    private static boolean isError(RuntimeException e, String code) {
        return e.getMessage() != null && e.getMessage().startsWith(code);
    }

    /** The value of {@code name} in a flat field/value reply, or null. */
    private static String field(Response fields, String name) {
        for (int i = 0; fields != null && i + 1 < fields.size(); i += 2) {
            if (name.equals(fields.get(i).toString())) {
                Response value = fields.get(i + 1);
                return value == null ? null : value.toString();
            }
        }
        return null;
    }
}
