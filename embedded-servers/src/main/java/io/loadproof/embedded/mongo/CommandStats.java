package io.loadproof.embedded.mongo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Commands served per wall-clock second, kept for the last hour, so a run can show that the
 * database never served more than its ceiling.
 */
public final class CommandStats {

    private static final int SECONDS_KEPT = 3600;
    private static final int MAX_KEPT = 1000;
    /** The field an insert's documents arrive in. */
    private static final String BULK_FIELD = "documents";

    private final AtomicLong total = new AtomicLong();
    private final Map<String, LongAdder> byCommand = new ConcurrentHashMap<>();
    private final long[] secondOfSlot = new long[SECONDS_KEPT];
    private final int[] countOfSlot = new int[SECONDS_KEPT];
    private final Map<String, List<Map<String, Object>>> kept = new ConcurrentHashMap<>();

    void record(String command, long nowMillis) {
        total.incrementAndGet();
        byCommand.computeIfAbsent(command.toLowerCase(Locale.ROOT), name -> new LongAdder()).increment();
        long second = nowMillis / 1000;
        int slot = (int) (second % SECONDS_KEPT);
        synchronized (this) {
            if (secondOfSlot[slot] != second) {
                secondOfSlot[slot] = second;
                countOfSlot[slot] = 0;
            }
            countOfSlot[slot]++;
        }
    }

    /** Also keeps the command's fields when {@link #keep} asked for them. */
    void record(String command, long nowMillis, Map<String, Object> fields) {
        record(command, nowMillis);
        List<Map<String, Object>> keptOfCommand = kept.get(command.toLowerCase(Locale.ROOT));
        if (keptOfCommand != null) {
            Map<String, Object> copy = new LinkedHashMap<>(fields);
            copy.remove(BULK_FIELD);
            synchronized (keptOfCommand) {
                if (keptOfCommand.size() == MAX_KEPT) {
                    keptOfCommand.remove(0);
                }
                keptOfCommand.add(copy);
            }
        }
    }

    /**
     * From now on keeps the fields of each {@code command} served (the last {@value #MAX_KEPT}),
     * without the documents an insert carries, so a test can see the options a client really sent.
     */
    public void keep(String command) {
        kept.putIfAbsent(command.toLowerCase(Locale.ROOT), new ArrayList<>());
    }

    /** The fields of the {@code command}s served since {@link #keep}, oldest first. */
    public List<Map<String, Object>> kept(String command) {
        List<Map<String, Object>> keptOfCommand = kept.getOrDefault(command.toLowerCase(Locale.ROOT), List.of());
        synchronized (keptOfCommand) {
            return List.copyOf(keptOfCommand);
        }
    }

    public long total() {
        return total.get();
    }

    /** How many times a command (e.g. "insert", "find", "count") was served, case-insensitively. */
    public long count(String command) {
        LongAdder count = byCommand.get(command.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.sum();
    }

    /** Commands per second, oldest first, for the seconds in [fromSecond, toSecond] (epoch seconds). */
    public synchronized List<SecondCount> perSecond(long fromSecond, long toSecond) {
        List<SecondCount> series = new ArrayList<>();
        for (long second = Math.max(fromSecond, toSecond - SECONDS_KEPT + 1); second <= toSecond; second++) {
            int slot = (int) (second % SECONDS_KEPT);
            int count = secondOfSlot[slot] == second ? countOfSlot[slot] : 0;
            series.add(new SecondCount(second, count));
        }
        return series;
    }

    /** The busiest second of the last hour. */
    public synchronized int maxPerSecond() {
        long now = System.currentTimeMillis() / 1000;
        int max = 0;
        for (int slot = 0; slot < SECONDS_KEPT; slot++) {
            if (now - secondOfSlot[slot] < SECONDS_KEPT) {
                max = Math.max(max, countOfSlot[slot]);
            }
        }
        return max;
    }

    public record SecondCount(long epochSecond, int commands) {
    }
}
