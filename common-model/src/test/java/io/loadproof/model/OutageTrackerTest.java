package io.loadproof.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

class OutageTrackerTest {

    @Test
    void unknownUntilTheFirstOutcomeThenDownFromAFailureUntilASuccess() throws InterruptedException {
        OutageTracker redis = new OutageTracker("Redis", "retrying");
        assertThat(redis.known()).isFalse();
        assertThat(redis.available()).isTrue();

        redis.failed(new ConnectException("Connection refused"));
        Thread.sleep(20);
        redis.failed("again");

        assertThat(redis.known()).isTrue();
        assertThat(redis.available()).isFalse();
        assertThat(redis.outageMillis()).isGreaterThanOrEqualTo(20);
        assertThat(redis.lastError()).isEqualTo("again");
        redis.succeeded();
        assertThat(redis.available()).isTrue();
        assertThat(redis.outageMillis()).isZero();
        assertThat(redis.millisSinceLastOutcome()).isLessThan(1000);
    }
}
