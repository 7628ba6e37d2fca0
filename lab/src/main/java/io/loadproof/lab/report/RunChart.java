package io.loadproof.lab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The picture of a run: four stacked charts over time, drawn with XChart into one PNG. */
public final class RunChart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 260;

    private RunChart() {
    }

    public static void write(Timeline timeline, int mongoLimit, Path png) throws IOException {
        List<XYChart> charts = List.of(
                chart("Requests per second", "req/s", timeline,
                        new Line("client (load generator)", Timeline.Point::clientRequests),
                        new Line("server (api-service)", Timeline.Point::serverRequests)),
                chart("Latency seen by the client", "ms", timeline,
                        new Line("p95", Timeline.Point::p95Ms),
                        new Line("p99", Timeline.Point::p99Ms)),
                chart("Stream backlog (unwritten requests)", "entries", timeline,
                        new Line("backlog", Timeline.Point::backlog)),
                mongoChart(timeline, mongoLimit));
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private record Line(String name, ToLongFunction<Timeline.Point> value) {
    }

    private static XYChart mongoChart(Timeline timeline, int limit) {
        XYChart chart = chart("MongoDB commands per second", "cmd/s", timeline,
                new Line("commands served", Timeline.Point::mongoCommands));
        if (limit > 0 && !timeline.points().isEmpty()) {
            long last = timeline.points().get(timeline.points().size() - 1).second();
            XYSeries ceiling = chart.addSeries("ceiling (" + limit + "/s)", new double[] { 0, Math.max(1, last) },
                    new double[] { limit, limit });
            ceiling.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYChart chart(String title, String unit, Timeline timeline, Line... lines) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("seconds").yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
        for (Line line : lines) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Timeline.Point point : timeline.points()) {
                long value = line.value().applyAsLong(point);
                if (value >= 0) {
                    xs.add((double) point.second());
                    ys.add((double) value);
                }
            }
            if (xs.isEmpty()) {
                xs.add(0.0);
                ys.add(0.0);
            }
            chart.addSeries(line.name(), xs, ys).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
