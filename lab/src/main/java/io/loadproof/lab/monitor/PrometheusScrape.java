package io.loadproof.lab.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one value out of a service's {@code /q/metrics}: the sum of a metric over its label sets. */
public final class PrometheusScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private PrometheusScrape() {
    }

    /**
     * @param name        the metric as exported, e.g. {@code writer_documents_written_total}
     * @param labelFilter a fragment the label set must contain (e.g. {@code uri="/api/data"}), or ""
     * @return the sum, or -1 when the service does not answer or has no such metric
     */
    public static long sum(String metricsUrl, String name, String labelFilter) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(fetch(metricsUrl));
        double total = 0;
        boolean found = false;
        while (matcher.find()) {
            if ((matcher.group(1) == null ? "" : matcher.group(1)).contains(labelFilter)) {
                total += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        return found ? (long) total : -1;
    }

    /** The metrics page, or "" when the service does not answer. */
    private static String fetch(String metricsUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
