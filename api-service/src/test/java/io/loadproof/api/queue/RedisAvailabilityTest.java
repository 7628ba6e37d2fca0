package io.loadproof.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;

class RedisAvailabilityTest {

    @Test
    void notReadyBeforeTheFirstAnswer() {
        RedisAvailability redis = new RedisAvailability();

        assertThat(redis.isReady()).isFalse();
        assertThat(redis.isKnownUnreachable()).isFalse();
    }

    @Test
    void aRefusedConnectionMeansDownAtOnceAndASuccessMeansBack() {
        RedisAvailability redis = new RedisAvailability();
        redis.succeeded();

        redis.failed(new ConnectException("Connection refused"));

        assertThat(redis.isKnownUnreachable()).isTrue();
        assertThat(redis.isReady()).isFalse();
        assertThat(redis.lastFailure()).contains("Connection refused");
        redis.succeeded();
        assertThat(redis.isKnownUnreachable()).isFalse();
        assertThat(redis.isReady()).isTrue();
    }

    @Test
    void timeoutsWhileCommandsStillSucceedAreSaturationNotAnOutage() {
        RedisAvailability redis = new RedisAvailability();
        redis.succeeded();

        redis.failed(new TimeoutException());
        redis.failed(new ConnectionPoolTooBusyException("pool full"));
        redis.succeeded();

        assertThat(redis.isKnownUnreachable()).isFalse();
        assertThat(redis.isReady()).isTrue();
    }

    @Test
    void timeoutsWithNoSuccessForHalfASecondMeanAHungRedis() throws InterruptedException {
        RedisAvailability redis = new RedisAvailability();
        redis.succeeded();

        Thread.sleep(RedisAvailability.HUNG_AFTER.toMillis() + 50);
        redis.failed(new TimeoutException());

        assertThat(redis.isKnownUnreachable()).isTrue();
    }
}
