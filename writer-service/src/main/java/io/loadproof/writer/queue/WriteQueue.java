package io.loadproof.writer.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.loadproof.model.RedisKeys;
import io.loadproof.writer.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;

/**
 * The facade over the write stream and its consumer group: everything the writer does with
 * {@code write_queue} goes through here. Acknowledging always deletes too, in one script, because
 * the API measures the unwritten backlog with {@code XLEN}.
 */
public final class WriteQueue {

    /** XACK then XDEL of the same ids, atomically: an acked entry never lingers in the stream. */
    static final String ACK_AND_DELETE = """
            local acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
            redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
            return acked
            """;

    /** Moves one entry to the dead-letter stream and acks+deletes it, atomically. */
    static final String DEAD_LETTER = """
            redis.call('XADD', KEYS[2], '*', ARGV[3], ARGV[2], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            return 1
            """;

    /**
     * XAUTOCLAIM, uniform across Redis 6.2 and 7: claims with JUSTID (6.2 replies with a bare nil
     * instead of an entry it has lost, so the id would be unknown), then per id fetches the entry,
     * acks the ids whose entry is gone, and sets the delivery count to the previous count + 1 (JUSTID
     * alone would not count this delivery). Returns {cursor, vanished, {{id, deliveries, fields}...}}.
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
                table.insert(entries, {id, deliveries, found[1][2]})
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

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final String stream;
    private final String group;
    private final String deadLetterStream;

    public WriteQueue(RedisDataSource redis) {
        this(redis, RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP, RedisKeys.DEAD_LETTER_STREAM);
    }

    public WriteQueue(RedisDataSource redis, String stream, String group, String deadLetterStream) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.stream = stream;
        this.group = group;
        this.deadLetterStream = deadLetterStream;
    }

    /**
     * Creates the stream and the group if missing. The group starts at {@code 0}, so entries the
     * API queued before any writer ran are written too.
     */
    public void ensureGroup() {
        try {
            redis.execute("XGROUP", "CREATE", stream, group, "0", "MKSTREAM");
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /**
     * Reads up to {@code count} entries never delivered to any consumer.
     *
     * @param blockMs how long to wait for the first entry; 0 returns at once
     */
    public List<QueuedEntry> readNew(String consumer, int count, long blockMs) {
        XReadGroupArgs args = new XReadGroupArgs().count(count);
        if (blockMs > 0) {
            args.block(Duration.ofMillis(blockMs));
        }
        List<StreamMessage<String, String, String>> messages;
        try {
            messages = streams.xreadgroup(group, consumer, stream, ">", args);
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                // The stream was deleted (and the group with it): start over.
                ensureGroup();
                return List.of();
            }
            throw e;
        }
        if (messages == null || messages.isEmpty()) {
            return List.of();
        }
        List<QueuedEntry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, String, String> message : messages) {
            Map<String, String> fields = message.payload();
            entries.add(new QueuedEntry(message.id(), fields == null ? null : fields.get(RedisKeys.ENTRY_FIELD), 1));
        }
        return entries;
    }

    /** Claims up to {@code count} entries pending longer than {@code minIdleMs} on any consumer. */
    public ClaimedEntries claimIdle(String consumer, long minIdleMs, String cursor, int count) {
        Response reply = CLAIM_SCRIPT.run(redis, List.of(stream),
                List.of(group, consumer, String.valueOf(minIdleMs), cursor, String.valueOf(count)));
        String next = reply.get(0).toString();
        int vanished = reply.get(1).toInteger();
        Response claimed = reply.get(2);
        List<QueuedEntry> entries = new ArrayList<>(claimed == null ? 0 : claimed.size());
        for (int i = 0; claimed != null && i < claimed.size(); i++) {
            Response entry = claimed.get(i);
            entries.add(new QueuedEntry(entry.get(0).toString(), field(entry.get(2), RedisKeys.ENTRY_FIELD),
                    entry.get(1).toInteger()));
        }
        return new ClaimedEntries(next, entries, vanished);
    }

    /**
     * Resets the idle time of entries this consumer is still working on (a long outage), so no
     * other consumer claims them meanwhile. JUSTID: the delivery count is left alone.
     */
    public void keepClaimed(String consumer, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> arguments = new ArrayList<>(ids.size() + 6);
        arguments.addAll(List.of(stream, group, consumer, "0"));
        arguments.addAll(ids);
        arguments.add("JUSTID");
        redis.execute("XCLAIM", arguments.toArray(String[]::new));
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

    /** Copies the entry to the dead-letter stream with the reason, then acks and deletes it, atomically. */
    public void deadLetter(QueuedEntry entry, String reason) {
        DEAD_LETTER_SCRIPT.run(redis, List.of(stream, deadLetterStream), List.of(group, entry.id(),
                RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD,
                RedisKeys.DEAD_LETTER_REASON_FIELD, reason,
                RedisKeys.DEAD_LETTER_PAYLOAD_FIELD, entry.message() == null ? "" : entry.message()));
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
            if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                return 0;
            }
            throw e;
        }
    }

    public String stream() {
        return stream;
    }

    public String group() {
        return group;
    }

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
