package io.loadproof.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking Redis client (RESP2) for tools outside the services: the lab's progress and
 * audit, the embedded server's readiness. Replies come back as {@code String}, {@code Long},
 * {@code List<Object>} or {@code null}; an error reply throws {@link RedisErrorReply}.
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RespClient(String host, int port, String password, int timeoutMillis) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            out = new BufferedOutputStream(socket.getOutputStream());
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port, e);
        }
        if (password != null && !password.isEmpty()) {
            call("AUTH", password);
        }
    }

    public static RespClient connect(String host, int port, String password) {
        return new RespClient(host, port, password, 5000);
    }

    /** {@code redis://[:password@]host:port}; a separate password, when given, wins. */
    public static RespClient connect(String redisUrl, String password) {
        URI uri = URI.create(redisUrl);
        String inlinePassword = null;
        if (uri.getUserInfo() != null) {
            String userInfo = uri.getUserInfo();
            inlinePassword = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : userInfo;
        }
        String effective = password != null && !password.isEmpty() ? password : inlinePassword;
        return connect(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), effective);
    }

    public Object call(String... arguments) {
        send(arguments);
        flush();
        return read();
    }

    /** A command whose arguments are any bytes, not necessarily UTF-8 text. */
    public Object callBytes(byte[]... arguments) {
        try {
            out.write(encode(arguments));
        } catch (IOException e) {
            throw new UncheckedIOException("sending to Redis failed", e);
        }
        flush();
        return read();
    }

    /** Pipelining: buffers a command; {@link #flush()} sends what is buffered, {@link #read()} takes one reply. */
    public void send(String... arguments) {
        try {
            out.write(encode(arguments));
        } catch (IOException e) {
            throw new UncheckedIOException("redis " + arguments[0] + " failed", e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("sending to Redis failed", e);
        }
    }

    /** The next reply; an error reply throws {@link RedisErrorReply}. */
    public Object read() {
        try {
            return readReply();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from Redis failed", e);
        }
    }

    public long callLong(String... arguments) {
        Object reply = call(arguments);
        return reply instanceof Long value ? value : Long.parseLong(String.valueOf(reply));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed by Redis");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                in.readNBytes(2);
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed by Redis");
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }

    private static byte[] encode(String... arguments) {
        byte[][] bytes = new byte[arguments.length][];
        for (int i = 0; i < arguments.length; i++) {
            bytes[i] = arguments[i].getBytes(StandardCharsets.UTF_8);
        }
        return encode(bytes);
    }

    private static byte[] encode(byte[]... arguments) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (byte[] bytes : arguments) {
            buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            buffer.writeBytes(bytes);
            buffer.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return buffer.toByteArray();
    }

    /** An error reply from Redis, such as {@code NOGROUP} or {@code WRONGPASS}. */
    public static final class RedisErrorReply extends RuntimeException {
        RedisErrorReply(String message) {
            super(message);
        }
    }
}
