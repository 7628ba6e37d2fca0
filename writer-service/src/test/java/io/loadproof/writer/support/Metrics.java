package io.loadproof.writer.support;

import static io.restassured.RestAssured.given;

/** Reads the application's own metrics, as Prometheus would. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of every series of the metric, as {@code /q/metrics} shows it now. */
    public static double value(String name) {
        String exposition = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return exposition.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
