package io.loadproof.lab.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CPU seconds (user + system) each process has used, read from {@code /proc/<pid>/stat}: where
 * the machine's time went during a run. Linux only; elsewhere the figures are simply missing.
 */
public final class CpuUsage {

    /** USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuUsage() {
    }

    public static OptionalDouble cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long userTicks = Long.parseLong(fields[11]);
            long systemTicks = Long.parseLong(fields[12]);
            return OptionalDouble.of((userTicks + systemTicks) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    public static Map<String, Double> snapshot(Map<String, Long> processes) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        processes.forEach((name, pid) -> cpuSeconds(pid).ifPresent(value -> seconds.put(name, value)));
        return seconds;
    }

    /** CPU seconds used between two snapshots, by process. */
    public static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((name, value) -> {
            if (before.containsKey(name)) {
                used.put(name, value - before.get(name));
            }
        });
        return used;
    }
}
