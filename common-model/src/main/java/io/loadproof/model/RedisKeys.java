package io.loadproof.model;

/**
 * Every Redis key and stream name the API and the writer share. Changing one here changes both
 * services at once, which is the point.
 */
public final class RedisKeys {

    /** The stream of queued requests, one entry per {@code /api/data} call. */
    public static final String WRITE_STREAM = "write_queue";

    /** The consumer group of the writer-service workers on {@link #WRITE_STREAM}. */
    public static final String WRITER_GROUP = "writers";

    /** Entries that can never be written, with the reason; kept for an operator to inspect. */
    public static final String DEAD_LETTER_STREAM = "write_queue:dead";

    /** The single field of a {@link #WRITE_STREAM} entry; its value is a {@link QueuedWriteCodec} string. */
    public static final String ENTRY_FIELD = "m";

    /** Fields of a {@link #DEAD_LETTER_STREAM} entry. */
    public static final String DEAD_LETTER_SOURCE_ID_FIELD = "source_id";
    public static final String DEAD_LETTER_REASON_FIELD = "reason";
    public static final String DEAD_LETTER_PAYLOAD_FIELD = "m";

    /** The second level of the read cache: the newest written ids, in {@link LatestIds} format. */
    public static final String READ_CACHE_KEY = "read_cache:latest_ids";

    /** The shared MongoDB operations budget of all writer processes (see the writer's IopsBudget). */
    public static final String IOPS_BUDGET_KEY = "mongo:iops_budget";

    private RedisKeys() {
    }
}
