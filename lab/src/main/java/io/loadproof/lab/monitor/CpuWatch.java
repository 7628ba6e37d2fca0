package io.loadproof.lab.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/** CPU seconds each watched process used from {@link #watch} to the latest {@link #update}. */
public final class CpuWatch {

    /** CPU seconds by process over {@code seconds} of wall-clock time. */
    public record Spent(Map<String, Double> byProcess, double seconds) {
    }

    private Map<String, Long> processes = Map.of();
    private Map<String, Double> first = Map.of();
    private Map<String, Double> latest = Map.of();
    private long startedNanos;
    private long latestNanos;

    public synchronized void watch(Map<String, Long> processes) {
        this.processes = new LinkedHashMap<>(processes);
        first = CpuUsage.snapshot(this.processes);
        latest = first;
        startedNanos = System.nanoTime();
        latestNanos = startedNanos;
    }

    /** Reads the processes' CPU time again, unless one of them is gone (the last complete reading stays). */
    synchronized void update() {
        if (processes.isEmpty()) {
            return;
        }
        Map<String, Double> now = CpuUsage.snapshot(processes);
        if (now.keySet().containsAll(latest.keySet())) {
            latest = now;
            latestNanos = System.nanoTime();
        }
    }

    public synchronized Spent spent() {
        return new Spent(CpuUsage.between(first, latest), (latestNanos - startedNanos) / 1e9);
    }
}
