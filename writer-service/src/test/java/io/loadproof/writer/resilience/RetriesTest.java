package io.loadproof.writer.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The writer's retry: an outage is retried with a doubling pause until it ends; a bug is not
 * retried at all; once stopping past the grace period, the next attempt gives up.
 */
class RetriesTest {

    private final StopSignal stop = new StopSignal();
    private final Retries retries = new Retries(stop, Duration.ofMillis(10), Duration.ofMillis(40));

    @Test
    void anOutageIsRetriedWithBackoffUntilItEnds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger beforeRetry = new AtomicInteger();
        long started = System.nanoTime();

        String result = retries.untilDone("test", () -> {
            if (attempts.incrementAndGet() < 5) {
                throw new CompletionException(new ConnectException("Connection refused"));
            }
            return "done";
        }, beforeRetry::incrementAndGet);

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(5);
        assertThat(beforeRetry).hasValue(4);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("10 + 20 + 40 + 40 ms of pauses")
                .isGreaterThanOrEqualTo(Duration.ofMillis(110));
    }

    @Test
    void aBugIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retries.untilDone("test", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void stoppingPastTheGracePeriodGivesUpInsteadOfRetrying() {
        AtomicInteger attempts = new AtomicInteger();
        stop.stop(Duration.ofMillis(30));

        assertThatThrownBy(() -> retries.untilDone("3 entries left pending", () -> {
            attempts.incrementAndGet();
            throw new CompletionException(new ConnectException("Connection refused"));
        })).isInstanceOf(GiveUpException.class).hasMessageContaining("3 entries left pending");
        assertThat(attempts.get()).isBetween(1, 4);
        assertThat(retries.backoff(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(retries.backoff(30)).isEqualTo(Duration.ofMillis(40));
    }
}
