package io.loadproof.deploy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal pipelining Redis client: enough to fill a stream fast and read INFO. */
final class Resp implements AutoCloseable {

    /** An error reply, such as {@code OOM command not allowed when used memory > 'maxmemory'}. */
    record Error(String message) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Resp(int port, String password) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(60_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to redis on port " + port, e);
        }
        if (password != null) {
            Object reply = call("AUTH", password);
            if (reply instanceof Error error) {
                throw new IllegalStateException("AUTH failed: " + error.message());
            }
        }
    }

    Object call(String... arguments) {
        send(arguments);
        flush();
        return read();
    }

    void send(String... arguments) {
        try {
            out.write(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write('\r');
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One reply: String, Long, null, {@link Error} or a List of those. */
    Object read() {
        try {
            String line = line();
            char type = line.charAt(0);
            String rest = line.substring(1);
            return switch (type) {
                case '+' -> rest;
                case '-' -> new Error(rest);
                case ':' -> Long.parseLong(rest);
                case '$' -> bulk(Integer.parseInt(rest));
                case '*' -> array(Integer.parseInt(rest));
                default -> throw new IllegalStateException("unexpected reply " + line);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field of INFO, e.g. used_memory. */
    long info(String section, String field) {
        String info = (String) call("INFO", section);
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO " + section + " has no " + field);
    }

    /** The value of CONFIG GET name. */
    String config(String name) {
        Object reply = call("CONFIG", "GET", name);
        if (reply instanceof List<?> pair && pair.size() == 2) {
            return (String) pair.get(1);
        }
        throw new IllegalStateException("CONFIG GET " + name + " answered " + reply);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private String bulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("short bulk reply");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Object> array(int length) {
        if (length < 0) {
            return null;
        }
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            elements.add(read());
        }
        return elements;
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("connection closed by redis");
            }
            if (previous == '\r' && next == '\n') {
                byte[] line = bytes.toByteArray();
                return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
            }
            bytes.write(next);
            previous = next;
        }
    }
}
