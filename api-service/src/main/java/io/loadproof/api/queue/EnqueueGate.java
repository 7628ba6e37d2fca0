package io.loadproof.api.queue;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Admission to Redis: at most {@code maxInFlight} enqueues are sent at once; the others wait here,
 * first come first served. Waiting here is what a closed loop of thousands of clients costs on a
 * busy machine; keeping it out of the Redis client's own pool queue means the enqueue timeout
 * measures Redis, not the crowd in front of it, so saturation gives slow 200s instead of a storm of
 * fast 503s. A waiter is refused when it has waited longer than the admission timeout or when Redis
 * is known to be down by the time its turn comes.
 */
final class EnqueueGate {

    interface Admission {
        /** @return why the waiter may not go ahead, or null */
        String refusal(long waitedNanos);
    }

    private final int maxInFlight;
    private final Admission admission;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final Queue<Waiter<?>> waiters = new ConcurrentLinkedQueue<>();

    EnqueueGate(int maxInFlight, Admission admission) {
        this.maxInFlight = maxInFlight;
        this.admission = admission;
    }

    <T> Uni<T> submit(Supplier<Uni<T>> task, Function<String, Throwable> refused) {
        return Uni.createFrom().emitter(emitter -> {
            waiting.incrementAndGet();
            waiters.add(new Waiter<>(task, emitter, refused, System.nanoTime()));
            drain();
        });
    }

    int inFlight() {
        return inFlight.get();
    }

    int waiting() {
        return waiting.get();
    }

    /**
     * Starts waiters while permits are free. Only one thread drains at a time; a call made meanwhile
     * (a task that completed at once, from inside {@code start}) makes that thread loop again
     * instead of recursing.
     */
    private void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            startWhilePermitsAreFree();
            missed = drainRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    private void startWhilePermitsAreFree() {
        while (!waiters.isEmpty()) {
            int current = inFlight.get();
            if (current >= maxInFlight) {
                return;
            }
            if (!inFlight.compareAndSet(current, current + 1)) {
                continue;
            }
            Waiter<?> next = waiters.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                continue;
            }
            waiting.decrementAndGet();
            next.start();
        }
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }

    private final class Waiter<T> {
        private final Supplier<Uni<T>> task;
        private final UniEmitter<? super T> emitter;
        private final Function<String, Throwable> refused;
        private final long enqueuedNanos;

        Waiter(Supplier<Uni<T>> task, UniEmitter<? super T> emitter,
                Function<String, Throwable> refused, long enqueuedNanos) {
            this.task = task;
            this.emitter = emitter;
            this.refused = refused;
            this.enqueuedNanos = enqueuedNanos;
        }

        void start() {
            String refusal = admission.refusal(System.nanoTime() - enqueuedNanos);
            if (refusal != null) {
                release();
                emitter.fail(refused.apply(refusal));
                return;
            }
            Uni<T> running;
            try {
                running = task.get();
            } catch (RuntimeException e) {
                release();
                emitter.fail(e);
                return;
            }
            running.subscribe().with(item -> {
                release();
                emitter.complete(item);
            }, failure -> {
                release();
                emitter.fail(failure);
            });
        }
    }
}
