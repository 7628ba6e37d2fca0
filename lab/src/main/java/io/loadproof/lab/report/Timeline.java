package io.loadproof.lab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.loadproof.lab.monitor.Sample;

/**
 * One row per second of the run, joining what the load generator saw (requests, latency) with
 * what the sampler saw (server requests, backlog, MongoDB commands, documents written).
 */
public record Timeline(List<Point> points) {

    public record Point(long second, long clientRequests, long p95Ms, long p99Ms, long serverRequests, long backlog,
            long mongoCommands, long documentsWritten) {
    }

    public static Timeline join(Path loadTimelineCsv, List<Sample> samples) {
        Map<Long, long[]> bySecond = new TreeMap<>();
        for (String line : dataLines(loadTimelineCsv)) {
            String[] cells = line.split(",");
            long[] row = bySecond.computeIfAbsent(Long.parseLong(cells[0]), key -> empty());
            row[0] = Long.parseLong(cells[1]);
            row[1] = Long.parseLong(cells[6]);
            row[2] = Long.parseLong(cells[7]);
        }
        for (Sample sample : samples) {
            long[] row = bySecond.computeIfAbsent(sample.epochSecond(), key -> empty());
            row[3] = sample.apiRequests();
            row[4] = sample.backlog();
            row[5] = sample.mongoCommands();
            row[6] = sample.documentsWritten();
        }
        List<Point> points = new ArrayList<>();
        long first = bySecond.isEmpty() ? 0 : bySecond.keySet().iterator().next();
        bySecond.forEach((second, row) -> points.add(new Point(second - first, row[0], row[1], row[2], row[3], row[4],
                row[5], row[6])));
        return new Timeline(points);
    }

    /** The load generator's per-second rows, without the header. */
    private static List<String> dataLines(Path csv) {
        try {
            List<String> lines = Files.exists(csv) ? Files.readAllLines(csv) : List.of();
            return lines.subList(Math.min(1, lines.size()), lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] empty() {
        return new long[] { -1, -1, -1, -1, -1, -1, -1 };
    }

    public void writeCsv(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add("second,client_requests,p95_ms,p99_ms,server_requests,backlog,mongo_commands,documents_written");
        for (Point point : points) {
            lines.add(point.second() + "," + point.clientRequests() + "," + point.p95Ms() + "," + point.p99Ms() + ","
                    + point.serverRequests() + "," + point.backlog() + "," + point.mongoCommands() + ","
                    + point.documentsWritten());
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long maxMongoCommands() {
        return points.stream().mapToLong(Point::mongoCommands).max().orElse(-1);
    }

    public long maxBacklog() {
        return points.stream().mapToLong(Point::backlog).max().orElse(-1);
    }

    public long peakClientRequests() {
        return points.stream().mapToLong(Point::clientRequests).max().orElse(-1);
    }
}
