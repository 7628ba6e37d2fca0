package io.loadproof.lab.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.loadproof.lab.run.Sampler;

/** Recovery time of a scenario, from the fault's end, out of the per-second records of the run. */
final class Recoveries {

    private Recoveries() {
    }

    static Optional<Double> measure(Fault.Recovery kind, FaultContext context, List<Sampler.Row> samples, Path loadTimeline) {
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
        try {
            List<String> lines = Files.readAllLines(loadTimeline);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] cells = line.split(",");
                long second = Long.parseLong(cells[0]);
                if (second >= from && Long.parseLong(cells[2]) > 0) {
                    return Optional.of(second);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first second after the fault with the backlog back near its level of the 5 s before the fault. */
    private static Optional<Long> backlogBack(List<Sampler.Row> samples, long faultStart, long faultEnd) {
        long[] before = samples.stream()
                .filter(row -> row.epochSecond() >= faultStart - 6 && row.epochSecond() < faultStart && row.backlog() >= 0)
                .mapToLong(Sampler.Row::backlog).sorted().toArray();
        long baseline = before.length == 0 ? 0 : before[before.length / 2];
        long threshold = Math.max(2 * baseline, baseline + 1000);
        return samples.stream()
                .filter(row -> row.epochSecond() >= faultEnd && row.backlog() >= 0 && row.backlog() <= threshold)
                .map(Sampler.Row::epochSecond)
                .findFirst();
    }
}
