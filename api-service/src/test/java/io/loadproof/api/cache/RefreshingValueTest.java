package io.loadproof.api.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class RefreshingValueTest {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void concurrentCallersOnAnEmptyValueShareOneLoad() {
        List<UniEmitter<? super String>> pending = new ArrayList<>();
        AtomicInteger loads = new AtomicInteger();
        RefreshingValue<String> value = new RefreshingValue<>(() -> {
            loads.incrementAndGet();
            return Uni.createFrom().emitter(pending::add);
        }, Duration.ofMinutes(1), LOAD_TIMEOUT);

        List<String> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            value.get().subscribe().with(results::add);
        }
        pending.forEach(emitter -> emitter.complete("loaded"));

        assertThat(loads).hasValue(1);
        assertThat(results).hasSize(10).containsOnly("loaded");
    }

    @Test
    void aFreshValueIsServedWithoutLoading() {
        AtomicInteger loads = new AtomicInteger();
        RefreshingValue<Integer> value = new RefreshingValue<>(() -> Uni.createFrom().item(loads.incrementAndGet()),
                Duration.ofMinutes(1), LOAD_TIMEOUT);

        value.get().await().indefinitely();
        for (int i = 0; i < 5; i++) {
            assertThat(value.get().await().indefinitely()).isEqualTo(1);
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aStaleValueIsServedAtOnceWhileOneReloadRuns() {
        AtomicInteger loads = new AtomicInteger();
        List<UniEmitter<? super Integer>> pending = new ArrayList<>();
        RefreshingValue<Integer> value = new RefreshingValue<>(() -> {
            int load = loads.incrementAndGet();
            return load == 1 ? Uni.createFrom().item(1) : Uni.createFrom().emitter(pending::add);
        }, Duration.ZERO, LOAD_TIMEOUT);
        value.get().await().indefinitely();

        assertThat(value.get().await().indefinitely()).isEqualTo(1);
        assertThat(value.get().await().indefinitely()).isEqualTo(1);
        assertThat(loads).hasValue(2);

        pending.forEach(emitter -> emitter.complete(2));
        assertThat(value.peek()).contains(2);
    }

    @Test
    void aFailedLoadKeepsThePreviousValueAndIsNotRetriedBeforeMaxAge() {
        AtomicInteger loads = new AtomicInteger();
        RefreshingValue<String> value = new RefreshingValue<>(() -> loads.incrementAndGet() == 1
                ? Uni.createFrom().item("first")
                : Uni.createFrom().failure(new IllegalStateException("down")), Duration.ofMillis(200), LOAD_TIMEOUT);
        value.get().await().indefinitely();
        sleep(250);

        assertThat(value.get().await().indefinitely()).isEqualTo("first");
        for (int i = 0; i < 5; i++) {
            assertThat(value.get().await().indefinitely()).isEqualTo("first");
        }
        assertThat(loads).hasValue(2);
    }

    @Test
    void withNoValueAFailureIsReportedAndNotRetriedImmediately() {
        AtomicInteger loads = new AtomicInteger();
        RefreshingValue<String> value = new RefreshingValue<>(() -> {
            loads.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("down"));
        }, Duration.ofMinutes(1), LOAD_TIMEOUT);

        assertThatThrownBy(() -> value.get().await().indefinitely()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> value.get().await().indefinitely()).isInstanceOf(IllegalStateException.class);
        assertThat(loads).hasValue(1);
    }

    @Test
    void aLoadThatNeverFinishesFailsAtTheLoadTimeoutAndFreesTheSingleFlight() {
        AtomicInteger loads = new AtomicInteger();
        RefreshingValue<String> value = new RefreshingValue<>(() -> loads.incrementAndGet() == 1
                ? Uni.createFrom().nothing()
                : Uni.createFrom().item("second"), Duration.ofMillis(100), Duration.ofMillis(200));

        assertThatThrownBy(() -> value.get().await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(io.smallrye.mutiny.TimeoutException.class);
        sleep(150);

        assertThat(value.get().await().atMost(Duration.ofSeconds(5))).isEqualTo("second");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLoadBegunBeforeAnInvalidationDoesNotBringTheOldValueBack() {
        List<UniEmitter<? super String>> pending = new ArrayList<>();
        RefreshingValue<String> value = new RefreshingValue<>(() -> Uni.createFrom().emitter(pending::add),
                Duration.ofMinutes(1), LOAD_TIMEOUT);
        value.get().subscribe().with(ignored -> { });

        value.invalidate();
        pending.get(0).complete("loaded before the invalidation");

        assertThat(value.peek()).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The race of a flush: a get after invalidate must not join the load begun before it. */
    @Test
    void aGetAfterInvalidateStartsItsOwnLoadInsteadOfJoiningTheOlderOne() {
        List<UniEmitter<? super String>> pending = new ArrayList<>();
        RefreshingValue<String> value = new RefreshingValue<>(() -> Uni.createFrom().emitter(pending::add),
                Duration.ofMinutes(1), LOAD_TIMEOUT);
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();

        value.get().subscribe().with(before::add);
        value.invalidate();
        value.get().subscribe().with(after::add);
        assertThat(pending).as("a load of its own").hasSize(2);
        pending.get(1).complete("after the flush");
        pending.get(0).complete("before the flush");

        assertThat(before).containsExactly("before the flush");
        assertThat(after).containsExactly("after the flush");
        assertThat(value.peek()).contains("after the flush");
        value.get().subscribe().with(after::add);
        assertThat(pending).as("the newer value is fresh: no third load").hasSize(2);
    }
}
