package io.loadproof.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

class RedisServerProcessTest {

    @Test
    void startsARealRedisThatSupportsStreams() {
        try (RedisServerProcess redis = RedisServerProcess.startNew()) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat((String) redis.command("XADD", "s", "*", "f", "v")).matches("\\d+-\\d+");
            assertThat(redis.command("XGROUP", "CREATE", "s", "g", "0")).isEqualTo("OK");
            redis.command("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">");
            assertThat(redis.command("XAUTOCLAIM", "s", "g", "c2", "0", "0-0")).asList().hasSizeGreaterThanOrEqualTo(2);
            
        }
    }

    @Test
    void restartOnTheSamePortKeepsTheAppendOnlyData() {
        try (RedisServerProcess redis = RedisServerProcess.builder().appendOnly(true).build().start()) {
            redis.command("SET", "kept", "yes");
            int port = redis.port();

            redis.stop();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);
            redis.start();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "kept")).isEqualTo("yes");
        }
    }

    @Test
    void passwordIsRequiredWhenSet() {
        try (RedisServerProcess redis = RedisServerProcess.builder().password("s3cret").build().start()) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.url()).isEqualTo("redis://:s3cret@127.0.0.1:" + redis.port());
        }
    }
}
