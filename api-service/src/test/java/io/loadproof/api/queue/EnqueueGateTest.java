package io.loadproof.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class EnqueueGateTest {

    @Test
    void atMostMaxInFlightRunAtOnceAndTheOthersWaitInOrder() {
        EnqueueGate gate = new EnqueueGate(2, waited -> null);
        List<UniEmitter<? super Integer>> running = new ArrayList<>();
        List<Integer> completed = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            gate.<Integer>submit(() -> Uni.createFrom().emitter(running::add), IllegalStateException::new)
                    .subscribe().with(completed::add);
        }
        assertThat(running).hasSize(2);
        assertThat(gate.waiting()).isEqualTo(3);

        for (int i = 0; i < 5; i++) {
            running.get(i).complete(i);
        }
        assertThat(completed).containsExactly(0, 1, 2, 3, 4);
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aRefusedWaiterFailsWithTheReasonAndFreesItsTurn() {
        AtomicInteger calls = new AtomicInteger();
        EnqueueGate gate = new EnqueueGate(1, waited -> calls.incrementAndGet() > 1 ? "queue down" : null);
        List<UniEmitter<? super String>> running = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();

        gate.<String>submit(() -> Uni.createFrom().emitter(running::add), IllegalStateException::new)
                .subscribe().with(item -> { }, failures::add);
        gate.<String>submit(() -> Uni.createFrom().emitter(running::add), IllegalStateException::new)
                .subscribe().with(item -> { }, failures::add);
        running.get(0).complete("done");

        assertThat(running).hasSize(1);
        assertThat(failures).singleElement().satisfies(failure -> assertThat(failure).hasMessage("queue down"));
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void thousandsOfTasksThatCompleteAtOnceDoNotRecurse() {
        EnqueueGate gate = new EnqueueGate(1, waited -> null);
        List<UniEmitter<? super Integer>> first = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        gate.<Integer>submit(() -> Uni.createFrom().emitter(first::add), IllegalStateException::new)
                .subscribe().with(item -> done.incrementAndGet());
        for (int i = 0; i < 100_000; i++) {
            gate.submit(() -> Uni.createFrom().item(1), IllegalStateException::new)
                    .subscribe().with(item -> done.incrementAndGet());
        }

        first.get(0).complete(0);

        assertThat(done).hasValue(100_001);
    }
}
