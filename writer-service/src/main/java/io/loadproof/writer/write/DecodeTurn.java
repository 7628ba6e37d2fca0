package io.loadproof.writer.write;

import java.util.concurrent.Semaphore;

import jakarta.inject.Singleton;

/**
 * One worker of the process decodes and encodes a batch at a time: at most one core, far more
 * batches a second than the budget lets through. On 2 cores shared with the API, four workers
 * decoding 1000 documents each at once took both cores for a moment and then idled.
 */
@Singleton
public class DecodeTurn {

    private final Semaphore turn = new Semaphore(1, true);

    void acquire() throws InterruptedException {
        turn.acquire();
    }

    void release() {
        turn.release();
    }
}
