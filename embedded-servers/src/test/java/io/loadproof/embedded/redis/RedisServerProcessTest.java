package io.loadproof.embedded.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class RedisServerProcessTest {

    @Test
    void startsARealRedisThatSupportsStreams() {
        try (RedisServerProcess redis = RedisServerProcess.startNew()) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat((String) redis.command("XADD", "s", "*", "f", "v")).matches("\\d+-\\d+");
            assertThat(redis.command("XGROUP", "CREATE", "s", "g", "0")).isEqualTo("OK");
            redis.command("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">");
            assertThat(redis.command("XAUTOCLAIM", "s", "g", "c2", "0", "0-0")).asList().hasSizeGreaterThanOrEqualTo(2);
            assertThat(redis.command("GET", "missing")).isNull();
        }
    }

    @Test
    void restartOnTheSamePortKeepsTheAppendOnlyData() {
        try (RedisServerProcess redis = RedisServerProcess.builder().appendOnly(true).build().start()) {
            redis.command("SET", "kept", "yes");
            int port = redis.port();

            redis.stop();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(JedisConnectionException.class);
            redis.start();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "kept")).isEqualTo("yes");
        }
    }

    @Test
    void anAppendOnlyServerFsyncsEveryWriteAndKeepsAcknowledgedEntriesThroughAKill() {
        try (RedisServerProcess redis = RedisServerProcess.builder().appendOnly(true).build().start()) {
            assertThat(redis.command("CONFIG", "GET", "appendfsync")).asList().containsExactly("appendfsync", "always");
            for (int i = 0; i < 500; i++) {
                redis.command("XADD", "s", "*", "i", String.valueOf(i));
            }

            redis.kill();
            redis.start();

            assertThat(redis.command("XLEN", "s")).isEqualTo(500L);
        }
    }

    @Test
    void aConfigurationFileReplacesThePlatformSettingsAndArgumentsOverrideIt(@TempDir Path directory) throws Exception {
        Path conf = Files.writeString(directory.resolve("redis.conf"),
                "maxmemory 3mb\nmaxmemory-policy allkeys-lru\nappendonly no\ndir /nonexistent\n");
        try (RedisServerProcess redis = RedisServerProcess.builder().configFile(conf)
                .arguments(List.of("--maxmemory-policy", "noeviction")).build().start()) {
            assertThat(redis.command("CONFIG", "GET", "maxmemory")).asList().containsExactly("maxmemory", "3145728");
            assertThat(redis.command("CONFIG", "GET", "maxmemory-policy")).asList()
                    .containsExactly("maxmemory-policy", "noeviction");
            assertThat(redis.command("CONFIG", "GET", "dir")).asList().containsExactly("dir",
                    redis.dataDirectory().toRealPath().toString());
        }
    }

    @Test
    void aServerThatRefusesItsConfigurationFailsTheStartWithItsLog(@TempDir Path directory) throws Exception {
        Path conf = Files.writeString(directory.resolve("redis.conf"), "no-such-directive yes\n");
        RedisServerProcess redis = RedisServerProcess.builder().configFile(conf).build();

        assertThatThrownBy(redis::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-directive");
    }

    @Test
    void passwordIsRequiredWhenSet() {
        try (RedisServerProcess redis = RedisServerProcess.builder().password("s3cret").build().start()) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.url()).isEqualTo("redis://:s3cret@127.0.0.1:" + redis.port());
            try (Jedis anonymous = RedisConnections.connect(redis.host(), redis.port(), null)) {
                assertThatThrownBy(() -> anonymous.xlen("s")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
            }
        }
    }

    /** The URL's password, unless a separate one is given (REDIS_PASSWORD beside REDIS_URL); error replies are exceptions. */
    @Test
    void aConnectionFromAUrlAuthenticatesAndShowsErrorRepliesAsExceptions() {
        try (RedisServerProcess redis = RedisServerProcess.builder().password("s3cret").build().start();
                Jedis fromUrl = RedisConnections.connect(redis.url(), null);
                Jedis withPassword = RedisConnections.connect("redis://127.0.0.1:" + redis.port(), "s3cret")) {
            assertThat(fromUrl.ping()).isEqualTo("PONG");
            assertThat(withPassword.ping()).isEqualTo("PONG");
            assertThatThrownBy(() -> RedisConnections.connect(redis.url(), "wrong").ping())
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("WRONGPASS");
            assertThatThrownBy(() -> RedisConnections.command(fromUrl, "XPENDING", "s", "g"))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("NOGROUP");
        }
    }
}
