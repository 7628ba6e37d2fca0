package io.loadproof.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.redis.client.impl.types.ErrorType;

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

    @Test
    void anErrorReplyToAWriteMeansWritesAreRefusedUntilAWriteSucceeds() {
        RedisAvailability redis = new RedisAvailability();
        redis.succeeded();

        redis.writeFailed(ErrorType.create("OOM command not allowed when used memory > 'maxmemory'."));

        assertThat(redis.isKnownUnreachable()).isTrue();
        assertThat(redis.isReady()).isFalse();
        assertThat(redis.writeRefusal()).isEqualTo("OOM");
        redis.succeeded();
        assertThat(redis.isKnownUnreachable()).as("reads still work; writes do not").isTrue();
        assertThat(redis.isReady()).isFalse();
        redis.writeSucceeded(System.nanoTime());
        assertThat(redis.isKnownUnreachable()).as("a write issued within the hold").isTrue();
        redis.writeSucceeded(System.nanoTime() + RedisAvailability.REFUSAL_HOLD.toNanos());
        assertThat(redis.isKnownUnreachable()).isFalse();
        assertThat(redis.isReady()).isTrue();
        assertThat(redis.writeRefusal()).isNull();
    }

    /** The race: a write sent before a fresh refusal, answered after it, must not end the refusal. */
    @Test
    void aWriteIssuedBeforeTheNewestRefusalDoesNotEndIt() throws InterruptedException {
        RedisAvailability redis = new RedisAvailability();
        redis.succeeded();
        redis.writeFailed(ErrorType.create("OOM command not allowed when used memory > 'maxmemory'."));
        Thread.sleep(RedisAvailability.REFUSAL_HOLD.toMillis() + 20);

        long issuedBeforeTheFreshRefusal = System.nanoTime();
        redis.writeFailed(ErrorType.create("OOM command not allowed when used memory > 'maxmemory'."));
        redis.writeSucceeded(issuedBeforeTheFreshRefusal);

        assertThat(redis.writeRefusal()).isEqualTo("OOM");
        assertThat(redis.isKnownUnreachable()).isTrue();
        redis.writeSucceeded(System.nanoTime());
        assertThat(redis.writeRefusal()).isNull();
    }

    @Test
    void aBatchsErrorReplyNamesTheSameCode() {
        RedisAvailability redis = new RedisAvailability();

        redis.writeFailed(ErrorType.create("ERR [2] OOM command not allowed when used memory > 'maxmemory'."));

        assertThat(redis.writeRefusal()).isEqualTo("OOM");
    }

    @Test
    void aWriteThatFailsWithoutAnErrorReplyIsAnOrdinaryFailure() {
        RedisAvailability redis = new RedisAvailability();
        redis.succeeded();

        redis.writeFailed(new TimeoutException());
        redis.writeFailed(new ConnectException("Connection refused"));

        assertThat(redis.writeRefusal()).isNull();
        assertThat(redis.isKnownUnreachable()).isTrue();
        redis.succeeded();
        assertThat(redis.isKnownUnreachable()).isFalse();
    }
}
