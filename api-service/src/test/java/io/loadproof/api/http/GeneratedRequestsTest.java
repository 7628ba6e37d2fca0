package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RawConnection;
import io.loadproof.api.support.RawConnection.Outcome;
import io.loadproof.api.support.RequestCorpus;
import io.loadproof.api.support.RequestCorpus.Request;
import io.loadproof.api.support.RequestCorpus.Trait;
import io.loadproof.api.support.ShortServerTimeouts;
import io.quarkus.test.junit.TestProfile;

/**
 * A few hundred generated requests ({@link RequestCorpus}; {@code -Dcorpus.seed=} and
 * {@code -Dcorpus.size=} choose others), each on its own connection. Every one gets a status from
 * the allowed set; every error the application produces is a JSON {@code "status":"error"} body;
 * only a request the generator made malformed, oversized or URI-invalid may instead get the HTTP
 * codec's bare 400/414/431, and only a malformed one a closed connection (the one other bare answer
 * is the Prometheus endpoint's 406 for an Accept it cannot serve); no body carries a stack trace.
 * Afterwards the service is healthy and its request metrics have not grown a series per invented
 * method or path.
 */
@ApiQuarkusTest
@TestProfile(ShortServerTimeouts.class)
class GeneratedRequestsTest {

    private static final Logger LOG = Logger.getLogger(GeneratedRequestsTest.class);
    private static final long SEED = Long.getLong("corpus.seed", 20261127L);
    private static final int SIZE = Integer.getInteger("corpus.size", 300);

    /** What the application answers: 400 for a missing or bad Host, 413 and 505 from JsonFallbackRoutes. */
    private static final Set<Integer> APPLICATION_STATUSES = Set.of(200, 400, 401, 404, 405, 406, 413, 415, 505);
    private static final Set<Integer> CODEC_STATUSES = Set.of(400, 414, 431);
    private static final Pattern JSON_ERROR = Pattern.compile("\\{\"status\":\"error\",\"message\":\"[^\"]+\"}");
    private static final Set<String> METRIC_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "TRACE", "CONNECT", "OTHER");
    private static final Set<String> METRIC_URIS = Set.of("/healthz", "/readyz", "/api/data", "/api/stats", "/api/queue",
            "/api/admin/cache/flush", "/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "root", "NOT_FOUND",
            "REDIRECTION", "UNKNOWN");

    @Test
    void everyGeneratedRequestGetsAnAllowedAnswerAndTheServiceStaysHealthy() {
        List<Request> corpus = RequestCorpus.generate(SEED, SIZE);
        Map<String, Integer> tally = new TreeMap<>();
        SoftAssertions softly = new SoftAssertions();

        for (Request request : corpus) {
            Outcome outcome = RawConnection.exchange(request.bytes(), request.isHead());
            boolean prometheusRefusal = outcome.isBare() && outcome.status() == 406 && request.target().startsWith("/q/metrics");
            String kind = outcome.isClosed() ? "closed" : prometheusRefusal ? "prometheus 406"
                    : outcome.isBare() ? "codec " + outcome.status() : "application " + outcome.status();
            tally.merge(kind, 1, Integer::sum);
            String seen = request + "\n  -> " + outcome;

            if (outcome.isClosed()) {
                softly.assertThat(request.traits()).as("only a malformed request may be dropped: " + seen)
                        .contains(Trait.MALFORMED);
            } else if (prometheusRefusal) {
                continue;
            } else if (outcome.isBare()) {
                softly.assertThat(outcome.status()).as("a codec refusal: " + seen).isIn(CODEC_STATUSES);
                softly.assertThat(request.codecMayRefuse()).as("the codec refuses only bad requests: " + seen).isTrue();
            } else {
                softly.assertThat(outcome.status()).as("an application status: " + seen).isIn(APPLICATION_STATUSES);
                if (outcome.status() >= 400) {
                    softly.assertThat(outcome.isJson()).as("an error is JSON: " + seen).isTrue();
                    if (!request.isHead()) {
                        softly.assertThat(outcome.body()).as("an error body: " + seen).matches(JSON_ERROR);
                    }
                }
            }
            softly.assertThat(outcome.body()).as("no stack trace: " + seen).doesNotContain("\tat ").doesNotContain(".java:");
            if (outcome.status() >= 400) {
                softly.assertThat(outcome.body()).as("no exception named: " + seen).doesNotContain("Exception");
            }
        }
        LOG.infof("Corpus of %d requests (seed %d): %s", SIZE, SEED, tally);
        softly.assertAll();

        given().get("/healthz").then().statusCode(200).body("status", equalTo("ok"));
        given().get("/api/data").then().statusCode(200).body("status", equalTo("success"));
        given().get("/readyz").then().statusCode(200);
    }

    @Test
    void requestMetricsKeepABoundedSetOfMethodsAndPaths() {
        RequestCorpus.generate(SEED + 1, 100).forEach(request -> RawConnection.exchange(request.bytes(), request.isHead()));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> methods = new TreeSet<>();
        Set<String> uris = new TreeSet<>();
        Matcher series = Pattern.compile("http_server_requests_seconds_count\\{([^}]*)}").matcher(metrics);
        while (series.find()) {
            methods.add(tag(series.group(1), "method"));
            uris.add(tag(series.group(1), "uri"));
        }
        assertThat(methods).isSubsetOf(METRIC_METHODS).contains("OTHER");
        assertThat(uris).isSubsetOf(METRIC_URIS).contains("UNKNOWN");
    }

    private static String tag(String tags, String name) {
        Matcher value = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tags);
        return value.find() ? value.group(1) : "";
    }
}
