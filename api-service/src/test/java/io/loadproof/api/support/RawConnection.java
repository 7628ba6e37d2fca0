package io.loadproof.api.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * A TCP connection to the service under test that sends whatever bytes it is given, for requests
 * no HTTP client would send, and reads back one HTTP/1.1 response or the connection closing.
 * Every read is bounded: a server that neither answers nor closes fails the test as a hang.
 */
public final class RawConnection implements AutoCloseable {

    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final long openedNanos = System.nanoTime();

    private RawConnection(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RawConnection open() {
        return new RawConnection(RestAssured.port);
    }

    /** Sends the request and reads the answer, on a connection of its own. */
    public static Outcome exchange(byte[] request, boolean head) {
        try (RawConnection connection = open()) {
            return connection.send(request).response(head);
        }
    }

    public static Outcome exchange(String request) {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1), request.startsWith("HEAD "));
    }

    public RawConnection send(String data) {
        return send(data.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A server may refuse before it has read everything: what it answered stays readable. */
    public RawConnection send(byte[] data) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(data);
            out.flush();
        } catch (SocketException e) {
            // closed or reset by the server while writing
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** One response (after any 1xx), or {@link Outcome#closed} when the server closes without answering. */
    public Outcome response(boolean head) {
        long started = System.nanoTime();
        try {
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            while (true) {
                String statusLine = readLine();
                if (statusLine == null) {
                    return Outcome.closed(since(started));
                }
                String[] parts = statusLine.split(" ", 3);
                int status = Integer.parseInt(parts[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                if (status >= 100 && status < 200) {
                    continue;
                }
                String body = head || status == 204 || status == 304 ? "" : readBody(headers);
                return new Outcome(status, parts[0], headers, body, since(started));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither an answer nor a close within " + ANSWER_TIMEOUT.toSeconds() + " s: a hang", e);
        } catch (SocketException e) {
            return Outcome.closed(since(started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and discards until the server closes; the time since the connection was opened, or null if still open. */
    public Duration awaitClose(Duration atMost) {
        long deadline = openedNanos + atMost.toNanos();
        try {
            while (true) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) remainingMillis);
                if (in.read() < 0) {
                    return since(openedNanos);
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SocketException e) {
            return since(openedNanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private String readBody(Map<String, String> headers) throws IOException {
        if (headers.containsKey("content-length")) {
            return new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                readLine();
            }
            for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                // trailers are not used
            }
            return body.toString(StandardCharsets.UTF_8);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private int chunkSize() throws IOException {
        String line = readLine();
        return line == null ? 0 : Integer.parseInt(line.split(";")[0].trim(), 16);
    }

    /** A line without its CR LF; null at end of stream before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** What the server did with one request: a response, or a close without one (status 0). */
    public record Outcome(int status, String protocol, Map<String, String> headers, String body, Duration took) {

        public static Outcome closed(Duration took) {
            return new Outcome(0, "", Map.of(), "", took);
        }

        public boolean isClosed() {
            return status == 0;
        }

        public boolean isJson() {
            return headers.getOrDefault("content-type", "").startsWith("application/json");
        }

        /** The HTTP layer's own refusal: an error status, no content type, nothing else. */
        public boolean isBare() {
            return status >= 400 && !headers.containsKey("content-type") && body.isEmpty();
        }

        @Override
        public String toString() {
            if (isClosed()) {
                return "connection closed without a response after " + took.toMillis() + " ms";
            }
            String shown = body.length() > 200 ? body.substring(0, 200) + "..." : body;
            return protocol + " " + status + " " + headers + " " + shown;
        }
    }
}
