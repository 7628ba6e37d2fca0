package io.loadproof.api.http;

import static io.loadproof.api.support.ShortServerTimeouts.IDLE_TIMEOUT_MILLIS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RawConnection;
import io.loadproof.api.support.RawConnection.Outcome;
import io.loadproof.api.support.ShortServerTimeouts;
import io.quarkus.test.junit.TestProfile;

/**
 * Clients that stop half-way are disconnected by the server at {@code quarkus.http.idle-timeout}
 * (2 s in this profile, 30 s in production), and do not hold up anyone else meanwhile.
 */
@ApiQuarkusTest
@TestProfile(ShortServerTimeouts.class)
class SlowClientTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(IDLE_TIMEOUT_MILLIS);
    /** Generous: two shared cores, and the close is only observed after it happens. */
    private static final Duration CLOSE_DEADLINE = IDLE_TIMEOUT.plusSeconds(3);
    private static final int CROWD = 200;
    /** One byte or chunk every quarter of the idle timeout, for one and a half idle timeouts. */
    private static final int DRIPS = 6;
    private static final long DRIP_PAUSE = IDLE_TIMEOUT_MILLIS / 4;

    @Test
    void everyStalledClientIsDisconnectedAtTheIdleTimeoutAndOthersAreServedMeanwhile() {
        Map<String, String> stalls = new LinkedHashMap<>();
        stalls.put("connects and sends nothing", "");
        stalls.put("half a request line", "GET /api/da");
        stalls.put("request line, no headers", "GET /api/data HTTP/1.1\r\n");
        stalls.put("headers without the blank line", "GET /api/data HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n");
        stalls.put("a bare CR, waiting for its LF", "GET /healthz HTTP/1.1\rHost: localhost\r\r");
        stalls.put("TLS ClientHello on the plain port", new String(HexFormat.of().parseHex(
                "16030100a5010000a10303" + "00".repeat(34)), StandardCharsets.ISO_8859_1));

        Map<String, RawConnection> stalled = new LinkedHashMap<>();
        List<RawConnection> crowd = new ArrayList<>();
        try {
            stalls.forEach((name, bytes) -> stalled.put(name, RawConnection.open().send(bytes)));
            for (int i = 0; i < CROWD; i++) {
                crowd.add(RawConnection.open().send("GET /api/data HTTP/1.1\r\nHost: localhost\r\n"));
            }

            long started = System.nanoTime();
            given().get("/healthz").then().statusCode(200);
            given().get("/api/data").then().statusCode(200).body("status", equalTo("success"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("served beside %d stalled connections",
                    CROWD + stalls.size()).isLessThan(IDLE_TIMEOUT);

            SoftAssertions softly = new SoftAssertions();
            stalled.forEach((name, connection) -> {
                Duration closedAfter = connection.awaitClose(CLOSE_DEADLINE);
                softly.assertThat(closedAfter).as(name + ": closed by the server").isNotNull();
                if (closedAfter != null) {
                    softly.assertThat(closedAfter).as(name + ": closed by the idle timeout, not before")
                            .isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(300));
                }
            });
            long stillOpen = crowd.stream().filter(connection -> connection.awaitClose(CLOSE_DEADLINE) == null).count();
            softly.assertThat(stillOpen).as("of %d half-sent requests, still open after %s", CROWD, CLOSE_DEADLINE).isZero();
            softly.assertAll();
        } finally {
            stalled.values().forEach(RawConnection::close);
            crowd.forEach(RawConnection::close);
        }
        given().get("/api/data").then().statusCode(200);
    }

    @Test
    void aBodyThatStopsHalfWayIsAnsweredThenTheConnectionIsClosed() {
        try (RawConnection connection = RawConnection.open()) {
            Outcome outcome = connection.send("POST /api/admin/cache/flush HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 100\r\n\r\n" + "x".repeat(10)).response(false);

            MalformedHttpTest.assertJsonError("flush without a token, body cut short", outcome, 401);
            Duration closedAfter = connection.awaitClose(CLOSE_DEADLINE);
            assertThat(closedAfter).as("closed by the idle timeout while waiting for the rest of the body").isNotNull();
        }
        given().get("/healthz").then().statusCode(200);
    }

    /**
     * Vert.x restarts the idle timer on each decoded HTTP object, not on each byte: a request head
     * dripped one byte at a time never completes one, so it is cut at the idle timeout like silence.
     */
    @Test
    void aClientDrippingItsRequestHeadIsCutAtTheIdleTimeout() {
        String request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(40);
        try (RawConnection connection = RawConnection.open()) {
            for (int i = 0; i < DRIPS && connection.awaitClose(Duration.ofMillis(DRIP_PAUSE * (i + 1))) == null; i++) {
                connection.send(request.substring(i, i + 1));
            }
            Duration closedAfter = connection.awaitClose(CLOSE_DEADLINE);
            assertThat(closedAfter).as("closed while still dripping").isNotNull()
                    .isBetween(IDLE_TIMEOUT.minusMillis(300), CLOSE_DEADLINE);
        }
    }

    /**
     * A known limit (docs/hardening.md): each body chunk is a decoded HTTP object, so a client that
     * keeps sending a body slowly keeps its connection, after its answer, as long as it goes on.
     * Traefik's read timeout bounds it in production.
     */
    @Test
    void aSlowBodyRestartsTheIdleTimerWithEachChunk() throws InterruptedException {
        try (RawConnection connection = RawConnection.open()) {
            connection.send("POST /api/admin/cache/flush HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < DRIPS; i++) {
                Thread.sleep(DRIP_PAUSE);
                connection.send("1\r\nx\r\n");
            }
            Outcome outcome = connection.response(false);
            MalformedHttpTest.assertJsonError("flush without a token, slow chunked body", outcome, 401);
            assertThat(connection.awaitClose(Duration.ofMillis(DRIP_PAUSE * (DRIPS + 1)))).as("still open after %s",
                    Duration.ofMillis(DRIP_PAUSE * DRIPS)).isNull();
        }
        given().get("/healthz").then().statusCode(200);
    }
}
