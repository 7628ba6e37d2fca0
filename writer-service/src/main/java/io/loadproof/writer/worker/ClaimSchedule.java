package io.loadproof.writer.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.loadproof.writer.config.WriterConfig;

/** Lets one worker of the pool at a time start the claim scan, once per interval (half of CLAIM_IDLE_MS). */
@Singleton
public class ClaimSchedule {

    private final long intervalNanos;
    private final AtomicLong nextRunNanos;

    @Inject
    public ClaimSchedule(WriterConfig config) {
        this(config.claimIdle().dividedBy(2));
    }

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
