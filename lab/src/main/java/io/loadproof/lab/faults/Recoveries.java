package io.loadproof.lab.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.loadproof.lab.monitor.Sample;

/** Recovery time of a scenario, from the fault's end, out of the per-second records of the run. */
final class Recoveries {

    private Recoveries() {
    }

    static Optional<Double> measure(Fault.Recovery kind, FaultContext context, List<Sample> samples, Path loadTimeline) {
        long faultStart = context.faultStartMillis() / 1000;
        long faultEnd = context.faultEndMillis() / 1000;
        if (context.faultEndMillis() == 0) {
            return Optional.empty();
        }
        return switch (kind) {
            case NONE -> Optional.empty();
            case CLIENTS_SERVED -> firstServedSecond(loadTimeline, faultEnd).map(second -> (double) Math.max(0, second - faultEnd));
            case BACKLOG_DRAINED -> backlogBack(samples, faultStart, faultEnd).map(second -> (double) Math.max(0, second - faultEnd));
        };
    }

    private static Optional<Long> firstServedSecond(Path loadTimeline, long from) {
        return rows(loadTimeline).stream()
                .filter(cells -> Long.parseLong(cells[0]) >= from && Long.parseLong(cells[2]) > 0)
                .map(cells -> Long.parseLong(cells[0]))
                .findFirst();
    }

    /** Requests that failed (no answer, or 400 and above) from {@code from} (epoch second) on. */
    static long failedRequestsFrom(Path loadTimeline, long from) {
        return rows(loadTimeline).stream()
                .filter(cells -> Long.parseLong(cells[0]) >= from)
                .mapToLong(cells -> Long.parseLong(cells[3]))
                .sum();
    }

    /** The load generator's per-second rows: epoch second, requests, acknowledged, failed, ... */
    private static List<String[]> rows(Path loadTimeline) {
        try {
            List<String> lines = Files.readAllLines(loadTimeline);
            return lines.subList(Math.min(1, lines.size()), lines.size()).stream().map(line -> line.split(",")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first second after the fault with the backlog back near its level of the 5 s before the fault. */
    private static Optional<Long> backlogBack(List<Sample> samples, long faultStart, long faultEnd) {
        long[] before = samples.stream()
                .filter(row -> row.epochSecond() >= faultStart - 6 && row.epochSecond() < faultStart && row.backlog() >= 0)
                .mapToLong(Sample::backlog).sorted().toArray();
        long baseline = before.length == 0 ? 0 : before[before.length / 2];
        long threshold = Math.max(2 * baseline, baseline + 1000);
        return samples.stream()
                .filter(row -> row.epochSecond() >= faultEnd && row.backlog() >= 0 && row.backlog() <= threshold)
                .map(Sample::epochSecond)
                .findFirst();
    }
}
