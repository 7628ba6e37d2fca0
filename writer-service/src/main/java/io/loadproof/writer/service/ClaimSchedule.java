package io.loadproof.writer.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets one worker of the pool at a time start the claim scan, once per interval. */
public final class ClaimSchedule {

    private final long intervalNanos;
    private final AtomicLong nextRunNanos;

    public ClaimSchedule(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextRunNanos = new AtomicLong(System.nanoTime());
    }

    /** True for exactly one caller once the interval is over; it then owns this scan. */
    public boolean tryStart() {
        long next = nextRunNanos.get();
        long now = System.nanoTime();
        return now - next >= 0 && nextRunNanos.compareAndSet(next, now + intervalNanos);
    }
}
