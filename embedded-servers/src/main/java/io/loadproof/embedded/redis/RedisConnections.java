package io.loadproof.embedded.redis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Blocking Jedis connections for tools outside the services (the tests, the lab's progress,
 * audit and fault scenarios, a server's readiness), with the 5 s connect and read timeouts they
 * have always had. An error reply throws {@code JedisDataException}; no connection throws
 * {@code JedisConnectionException}.
 */
public final class RedisConnections {

    private static final int TIMEOUT_MILLIS = 5000;

    private RedisConnections() {
    }

    /** @param password null or empty: no AUTH */
    public static Jedis connect(String host, int port, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS);
        if (password != null && !password.isEmpty()) {
            config.password(password);
        }
        return new Jedis(new HostAndPort(host, port), config.build());
    }

    /** {@code redis://[:password@]host[:port]}; a separate password, when given, wins over the URL's. */
    public static Jedis connect(String redisUrl, String password) {
        URI uri = URI.create(redisUrl);
        String inline = uri.getUserInfo() == null ? null : uri.getUserInfo().substring(uri.getUserInfo().indexOf(':') + 1);
        String effective = password != null && !password.isEmpty() ? password : inline;
        return connect(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), effective);
    }

    /**
     * Any command by name, its reply as text: bulk and status replies as {@code String} (UTF-8),
     * integers as {@code Long}, arrays as {@code List<Object>} of the same, nil as null.
     */
    public static Object command(Jedis redis, String... arguments) {
        byte[] name = arguments[0].getBytes(StandardCharsets.UTF_8);
        ProtocolCommand command = () -> name;
        return asText(redis.sendCommand(command, List.of(arguments).subList(1, arguments.length).toArray(String[]::new)));
    }

    private static Object asText(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> items) {
            return items.stream().map(RedisConnections::asText).toList();
        }
        return reply;
    }
}
