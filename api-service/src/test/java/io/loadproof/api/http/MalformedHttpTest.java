package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RawConnection;
import io.loadproof.api.support.RawConnection.Outcome;
import io.loadproof.api.support.ShortServerTimeouts;
import io.quarkus.test.junit.TestProfile;

/**
 * Requests no HTTP client would send, written on a raw socket. Each gets, at once, one of: a JSON
 * error from the application, a bare status from the HTTP codec (Vert.x/Netty refuse it before any
 * handler of ours runs), or a closed connection; never a hang, and the service stays healthy.
 */
@ApiQuarkusTest
@TestProfile(ShortServerTimeouts.class)
class MalformedHttpTest {

    private static final String HOST = "Host: localhost\r\n";

    enum Expected { JSON, BARE, CLOSED }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                // The request line
                Arguments.of("garbage instead of a request line", "HELLO\r\n\r\n", Expected.BARE, 400),
                Arguments.of("HTTP/0.9 request without a version", "GET /healthz\r\n\r\n", Expected.BARE, 400),
                Arguments.of("unknown HTTP version", "GET /healthz HTTP/9.9\r\n" + HOST + "\r\n", Expected.JSON, 505),
                Arguments.of("a version that is not HTTP", "GET /healthz FOO/1.1\r\n" + HOST + "\r\n", Expected.JSON, 505),
                Arguments.of("HTTP/2 preface on the HTTP/1.1 port", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Expected.JSON, 400),
                Arguments.of("bare LF line endings", "GET /healthz HTTP/1.1\nHost: localhost\n\n", Expected.BARE, 400),
                Arguments.of("space inside the path", "GET /api/ data HTTP/1.1\r\n" + HOST + "\r\n", Expected.BARE, 400),
                Arguments.of("NUL byte in the path", "GET /health\0z HTTP/1.1\r\n" + HOST + "\r\n", Expected.BARE, 400),
                Arguments.of("undecodable percent-escape", "GET /api/data?x=%ZZ HTTP/1.1\r\n" + HOST + "\r\n", Expected.BARE, 400),
                Arguments.of("lower-case method", "get /api/data HTTP/1.1\r\n" + HOST + "\r\n", Expected.JSON, 405),
                Arguments.of("4 KB invented method", "X".repeat(4096) + " /api/data HTTP/1.1\r\n" + HOST + "\r\n", Expected.JSON, 405),
                Arguments.of("TRACE", "TRACE /healthz HTTP/1.1\r\n" + HOST + "\r\n", Expected.JSON, 405),
                Arguments.of("CONNECT to another host", "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n", Expected.JSON, 404),
                Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n", Expected.JSON, 404),
                // Headers
                Arguments.of("no Host in HTTP/1.1", "GET /healthz HTTP/1.1\r\n\r\n", Expected.JSON, 400),
                Arguments.of("header line without a colon", "GET /healthz HTTP/1.1\r\n" + HOST + "NoColonHere\r\n\r\n", Expected.BARE, 400),
                Arguments.of("space before the colon", "GET /healthz HTTP/1.1\r\nHost : localhost\r\n\r\n", Expected.BARE, 400),
                Arguments.of("NUL byte in a header value", "GET /healthz HTTP/1.1\r\n" + HOST + "X-A: a\0b\r\n\r\n", Expected.BARE, 400),
                // Bodies
                Arguments.of("Content-Length and Transfer-Encoding together",
                        post("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n", Expected.BARE, 400),
                Arguments.of("two different Content-Lengths", post("Content-Length: 3\r\nContent-Length: 4\r\n") + "abcd", Expected.BARE, 400),
                Arguments.of("negative Content-Length", post("Content-Length: -1\r\n"), Expected.BARE, 400),
                Arguments.of("Content-Length that is not a number", post("Content-Length: abc\r\n"), Expected.BARE, 400),
                Arguments.of("Content-Length beyond 64 bits", post("Content-Length: 99999999999999999999\r\n"), Expected.BARE, 400),
                Arguments.of("chunk size beyond 64 bits", post("Transfer-Encoding: chunked\r\n") + "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n",
                        Expected.CLOSED, 0),
                Arguments.of("chunk size that is not hexadecimal", post("Transfer-Encoding: chunked\r\n") + "ZZ\r\nabc\r\n0\r\n\r\n",
                        Expected.CLOSED, 0),
                Arguments.of("declared body over max-body-size (64K), never sent", post("Content-Length: 100000\r\n"), Expected.JSON, 413),
                // Sizes
                Arguments.of("one header over max-header-size (16K)",
                        "GET /healthz HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(17_000) + "\r\n\r\n", Expected.BARE, 431),
                Arguments.of("request line over max-initial-line-length (8192)",
                        "GET /api/data?q=" + "a".repeat(9000) + " HTTP/1.1\r\n" + HOST + "\r\n", Expected.BARE, 414),
                Arguments.of("binary junk", new String(allBytes(), StandardCharsets.ISO_8859_1) + "\r\n\r\n", Expected.BARE, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestsGetAnImmediateRefusal(String description, String request, Expected expected, int status) {
        Outcome outcome = RawConnection.exchange(request);

        assertThat(outcome.took()).as(description).isLessThan(Duration.ofSeconds(2));
        switch (expected) {
            case CLOSED -> assertThat(outcome.isClosed()).as(description + ": " + outcome).isTrue();
            case BARE -> {
                assertThat(outcome.status()).as(description + ": " + outcome).isEqualTo(status);
                assertThat(outcome.isBare()).as(description + ": " + outcome).isTrue();
            }
            case JSON -> assertJsonError(description, outcome, status);
        }
    }

    /** What the codec lets through is ordinary input for the application: it answers it. */
    static Stream<Arguments> lenientlyAcceptedRequests() {
        return Stream.of(
                Arguments.of("absolute URI naming another host", "GET http://evil.example/healthz HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("dot segments", "GET /api/../healthz HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("percent-encoded dot segments", "GET /api/%2e%2e/healthz HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("two Host headers", "GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n"),
                Arguments.of("obsolete header folding", "GET /healthz HTTP/1.1\r\n" + HOST + "X-A: a\r\n b\r\n\r\n"),
                Arguments.of("HTTP/1.0 without Host", "GET /healthz HTTP/1.0\r\n\r\n"),
                Arguments.of("empty lines before the request", "\r\n\r\nGET /healthz HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("1,500 headers, 15 KB in all", "GET /healthz HTTP/1.1\r\n" + HOST
                        + IntStream.range(0, 1500).mapToObj(i -> "X-H" + i + ": v\r\n").reduce("", String::concat) + "\r\n"),
                Arguments.of("h2c upgrade request (HTTP/2 is off)",
                        "GET /healthz HTTP/1.1\r\n" + HOST + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lenientlyAcceptedRequests")
    void requestsTheCodecAcceptsAreAnsweredByTheApplication(String description, String request) {
        Outcome outcome = RawConnection.exchange(request);

        assertThat(outcome.status()).as(description + ": " + outcome).isEqualTo(200);
        assertThat(outcome.protocol()).isIn("HTTP/1.1", "HTTP/1.0");
        assertThat(outcome.body()).contains("\"status\":\"ok\"");
    }

    @Test
    void aBodyTooLargeIsRefusedWithoutReadingItAndTheConnectionClosed() {
        try (RawConnection connection = RawConnection.open()) {
            Outcome outcome = connection.send(post("Content-Length: 10000000\r\n") + "x".repeat(1000)).response(false);

            assertJsonError("413", outcome, 413);
            assertThat(outcome.headers()).containsEntry("connection", "close");
            assertThat(connection.awaitClose(Duration.ofSeconds(1))).as("closed by the server").isNotNull();
        }
    }

    @Test
    void aChunkedBodyIsDiscardedByAnEndpointThatTakesNone() {
        String chunk = "x".repeat(8192);
        String chunks = ("2000\r\n" + chunk + "\r\n").repeat(16) + "0\r\n\r\n";
        Outcome outcome = RawConnection.exchange(post("Transfer-Encoding: chunked\r\n") + chunks);

        assertJsonError("128 KB chunked body to the admin endpoint", outcome, 401);
    }

    @AfterEach
    void serviceStaysHealthy() {
        given().get("/healthz").then().statusCode(200).body("status", equalTo("ok"));
        given().get("/api/data").then().statusCode(200).body("status", equalTo("success"));
    }

    static void assertJsonError(String description, Outcome outcome, int status) {
        assertThat(outcome.status()).as(description + ": " + outcome).isEqualTo(status);
        assertThat(outcome.isJson()).as(description + " is JSON: " + outcome).isTrue();
        assertThat(outcome.body()).as(description).startsWith("{\"status\":\"error\",\"message\":");
    }

    private static String post(String headers) {
        return "POST /api/admin/cache/flush HTTP/1.1\r\n" + HOST + headers + "\r\n";
    }

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
