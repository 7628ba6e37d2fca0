package io.loadproof.api.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of odd HTTP/1.1 requests: real and invented methods, the service's paths and
 * some it does not have, mutated with random characters and percent-escapes, long and odd query
 * strings, odd headers and bodies, and for about one request in seven one syntax error. Every
 * request is complete (nothing makes the server wait for more bytes; that is SlowClientTest's
 * subject), and records what was done to it, so a test can tell which refusals belong to the HTTP
 * codec rather than to the application.
 */
public final class RequestCorpus {

    public enum Trait {
        /** Not valid HTTP/1.1 syntax: the codec may refuse it with a bare 400 or close the connection. */
        MALFORMED,
        /** A request target {@code java.net.URI} rejects: Quarkus answers a bare 400 before any route. */
        INVALID_URI,
        /** Near or over a size limit: the codec may answer a bare 414 or 431. */
        OVERSIZED,
        HEAD
    }

    public record Request(int index, String target, byte[] bytes, Set<Trait> traits) {

        public boolean codecMayRefuse() {
            return traits.contains(Trait.MALFORMED) || traits.contains(Trait.INVALID_URI) || traits.contains(Trait.OVERSIZED);
        }

        public boolean isHead() {
            return traits.contains(Trait.HEAD);
        }

        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String shown = text.length() > 400 ? text.substring(0, 400) + "...(" + text.length() + " bytes)" : text;
            StringBuilder escaped = new StringBuilder();
            for (char c : shown.toCharArray()) {
                escaped.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            }
            return "#" + index + " " + traits + " " + escaped;
        }
    }

    private static final String[] PATHS = { "/", "/healthz", "/readyz", "/api/data", "/api/stats", "/api/queue",
            "/api/admin/cache/flush", "/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/api", "/api/",
            "/api/data/", "/API/DATA", "//api//data", "/api/./data", "/api/../healthz", "/q", "/q/dev", "/favicon.ico",
            "/.env", "/index.html", "/api/admin", "/api/data.json", "/..;/api/data", "/api/data;jsessionid=1",
            "/%2e%2e/%2e%2e/etc/passwd", "/api/%64ata" };
    private static final String[] METHODS = { "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT" };
    private static final String[] ODD_METHODS = { "get", "Get", "PROPFIND", "MKCOL", "BREW", "M-SEARCH", "PURGE",
            "DEBUG", "SEARCH", "LINK", "QUERY" };
    private static final String[] VALID_ESCAPES = { "%41", "%2F", "%2f", "%00", "%25", "%20", "%C3%A9", "%e2%80%ae",
            "%ff", "%2e%2e", "%5C", "%0d%0a" };
    private static final String[] INVALID_ESCAPES = { "%", "%Z", "%ZZ", "%G1", "%%", "%4" };
    private static final String TOKEN = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** RFC 3986 pchar without pct-encoded: unreserved, sub-delims, ':' and '@'. */
    private static final String PCHAR = "-._~!$&'()*+,;=:@0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String URI_INVALID = "\"<>\\^`{|}[] ";
    private static final int LINE_LIMIT = 8192;
    private static final int HEADER_LIMIT = 16 * 1024;

    private final Random random;

    private RequestCorpus(long seed) {
        this.random = new Random(seed);
    }

    public static List<Request> generate(long seed, int count) {
        RequestCorpus corpus = new RequestCorpus(seed);
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(corpus.next(i));
        }
        return requests;
    }

    private Request next(int index) {
        Set<Trait> traits = EnumSet.noneOf(Trait.class);
        String method = method();
        String target = (method.equals("POST") && chance(0.4) ? "/api/admin/cache/flush" : path()) + (chance(0.5) ? query() : "");
        String version = chance(0.9) ? "HTTP/1.1" : "HTTP/1.0";
        List<String> headers = headers();
        byte[] body = new byte[0];
        if (chance(0.1)) {
            body = randomText(random.nextInt(2000), PCHAR + " \n").getBytes(StandardCharsets.ISO_8859_1);
            if (chance(0.7)) {
                headers.add("Content-Length: " + body.length);
            } else {
                headers.add("Transfer-Encoding: chunked");
                body = chunked(body);
            }
        }
        if (chance(0.03)) {
            traits.add(Trait.OVERSIZED);
            if (chance(0.5)) {
                headers.add("X-Oversized: " + "a".repeat(HEADER_LIMIT + random.nextInt(4000)));
            } else {
                target = "/api/data?q=" + "a".repeat(LINE_LIMIT + random.nextInt(4000));
            }
        }
        String lineEnd = "\r\n";
        if (chance(0.15)) {
            traits.add(Trait.MALFORMED);
            switch (random.nextInt(11)) {
                case 0 -> target = insert(target, String.valueOf(control()));
                case 1 -> method = insert(method, String.valueOf(control()));
                case 2 -> version = pick(new String[] { "HTTP/1.1x", "HTTP/2", "HTTP/1", "http/1.1", "HTTP/1.1 extra", "HTTP/", "" });
                case 3 -> headers.add(random.nextInt(headers.size() + 1), "NoColonInThisLine");
                case 4 -> headers.add(pick(new String[] { "X Bad: v", "X(Bad): v", "Bad\u00e9: v", ": empty-name" }));
                case 5 -> headers.add("X-Bad-Value: a" + pick(new String[] { "\0", "\r", "\u0001" }) + "b");
                case 6 -> lineEnd = "\n";
                case 7 -> headers.add("Content-Length: " + pick(new String[] { "-5", "abc", "1,2", "0x10", "+3", " 99999999999999999999" }));
                case 8 -> {
                    headers.add("Content-Length: 3");
                    headers.add("Transfer-Encoding: chunked");
                    body = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                }
                case 9 -> {
                    headers.removeIf(header -> header.startsWith("Content-Length") || header.startsWith("Transfer-Encoding"));
                    headers.add("Transfer-Encoding: chunked");
                    body = (pick(new String[] { "ZZ", "-1", "FFFFFFFFFFFFFFFFFFFF", "1;" + "x".repeat(100) + "\0" }) + "\r\nabc\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                }
                default -> method = randomText(1 + random.nextInt(40), "\0\u0001\u007f\u0080\u00ff()<>@,;:\\\"/[]?={} \t");
            }
        }
        if (version.equals("HTTP/1.0") && headers.contains("Transfer-Encoding: chunked")) {
            traits.add(Trait.MALFORMED); // RFC 9112 6.1: faulty framing, and Netty refuses it
        }
        if (method.equals("HEAD")) {
            traits.add(Trait.HEAD);
        }
        if (!isValidUri(target)) {
            traits.add(Trait.INVALID_URI);
        }
        String requestLine = method + " " + target + (version.isEmpty() ? "" : " " + version);
        if (requestLine.length() > LINE_LIMIT - 200 || headers.stream().mapToInt(String::length).sum() > HEADER_LIMIT - 500) {
            traits.add(Trait.OVERSIZED);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(requestLine).append(lineEnd);
        for (String header : headers) {
            head.append(header).append(lineEnd);
        }
        head.append(lineEnd);
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(body);
        return new Request(index, target, bytes.toByteArray(), traits);
    }

    private String method() {
        double roll = random.nextDouble();
        if (roll < 0.45) {
            return "GET";
        } else if (roll < 0.50) {
            return "HEAD";
        } else if (roll < 0.60) {
            return "POST";
        } else if (roll < 0.75) {
            return pick(METHODS);
        } else if (roll < 0.85) {
            return pick(ODD_METHODS);
        }
        return randomText(1 + random.nextInt(20), TOKEN);
    }

    private String path() {
        String path = pick(PATHS);
        if (chance(0.3)) {
            path += "/" + randomText(1 + random.nextInt(30), PCHAR);
        }
        if (chance(0.15)) {
            path = insert(path, chance(0.7) ? pick(VALID_ESCAPES) : pick(INVALID_ESCAPES));
        }
        if (chance(0.05)) {
            path = insert(path, randomText(1 + random.nextInt(5), URI_INVALID.replace(" ", "") + "\u00e9\u00ff\u0085"));
        }
        if (chance(0.05)) {
            path += "/" + randomText(500 + random.nextInt(2500), PCHAR);
        }
        return path;
    }

    private String query() {
        if (chance(0.05)) {
            return "?" + randomText(2000 + random.nextInt(5000), PCHAR + "/?");
        }
        StringBuilder query = new StringBuilder("?");
        int parameters = random.nextInt(16);
        for (int i = 0; i < parameters; i++) {
            if (i > 0) {
                query.append(pick(new String[] { "&", "&", "&", ";", "&&" }));
            }
            String key = chance(0.1) ? "" : randomText(1 + random.nextInt(12), PCHAR.replace("&", "").replace("=", ""));
            String value = randomText(random.nextInt(40), PCHAR.replace("&", "") + "/?");
            if (chance(0.1)) {
                value = insert(value, chance(0.9) ? pick(VALID_ESCAPES) : pick(INVALID_ESCAPES));
            }
            query.append(key).append(chance(0.9) ? "=" : "").append(value);
        }
        if (chance(0.05)) {
            query.append("#").append(randomText(10, PCHAR));
        }
        return query.toString();
    }

    private List<String> headers() {
        List<String> headers = new ArrayList<>();
        double host = random.nextDouble();
        if (host < 0.93) {
            headers.add("Host: localhost");
        } else if (host < 0.97) {
            headers.add("Host: " + pick(new String[] { "evil.example", "localhost:99999", "[::1]", "a.example, b.example" }));
        }
        int extra = random.nextInt(9);
        for (int i = 0; i < extra; i++) {
            headers.add(switch (random.nextInt(14)) {
                case 0 -> "Accept: " + pick(new String[] { "application/json", "text/html", "*/*", "application/xml", "",
                        "application/json;q=0, text/plain", "garbage" });
                case 1 -> "Accept-Encoding: " + pick(new String[] { "gzip", "br", "identity;q=0", "*;q=0", "deflate, gzip;q=1.0" });
                case 2 -> "Authorization: " + pick(new String[] { "Bearer " + randomText(32, PCHAR), "Bearer test-admin-token",
                        "Basic dGVzdDp0ZXN0", "Bearer", "bearer test-admin-token", randomText(60, PCHAR + " ") });
                case 3 -> "Content-Type: " + pick(new String[] { "application/json", "text/plain", "multipart/form-data; boundary=x",
                        "garbage/;;;", "application/x-www-form-urlencoded" });
                case 4 -> "Cookie: " + randomText(1 + random.nextInt(8), PCHAR.replace(";", "").replace("=", "")) + "="
                        + randomText(random.nextInt(100), PCHAR.replace(";", ""));
                case 5 -> "User-Agent: " + randomText(random.nextInt(200), PCHAR + " \t()/\"\u00e9\u00ff");
                case 6 -> "X-Forwarded-For: " + pick(new String[] { "127.0.0.1", "::1, 10.0.0.1", "unknown", "999.999.999.999",
                        randomText(30, PCHAR) });
                case 7 -> "Connection: " + pick(new String[] { "keep-alive", "close", "upgrade", "foo, bar", "" });
                case 8 -> "Upgrade: " + pick(new String[] { "websocket", "h2c", "foo/1.0" });
                case 9 -> "Expect: " + pick(new String[] { "100-continue", "something-else" });
                case 10 -> "Range: bytes=" + random.nextInt(100) + "-" + random.nextInt(1000);
                case 11 -> "If-None-Match: " + pick(new String[] { "*", "\"x\"", "W/\"y\"" });
                case 12 -> "X-Long: " + randomText(1000 + random.nextInt(3000), PCHAR + " ");
                default -> randomText(1 + random.nextInt(30), TOKEN) + ": " + randomText(random.nextInt(200), PCHAR + " \t\"\u00e9");
            });
        }
        return headers;
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 512) {
            int length = Math.min(512, body.length - offset);
            chunked.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.write(body, offset, length);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return chunked.toByteArray();
    }

    /** The check Quarkus makes before routing: {@code new URI(request.uri())}. */
    private static boolean isValidUri(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private char control() {
        return pick(new String[] { "\0", "\u0001", "\u0008", "\u000b", "\u000c", "\u001b", "\u007f" }).charAt(0);
    }

    private String insert(String text, String inserted) {
        int at = text.isEmpty() ? 0 : 1 + random.nextInt(text.length());
        return text.substring(0, Math.min(at, text.length())) + inserted + text.substring(Math.min(at, text.length()));
    }

    private String randomText(int length, String alphabet) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private boolean chance(double probability) {
        return random.nextDouble() < probability;
    }
}
