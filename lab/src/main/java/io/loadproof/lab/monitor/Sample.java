package io.loadproof.lab.monitor;

/** One second of the run as the sampler saw it; -1 where a figure could not be read. */
public record Sample(long epochSecond, long apiRequests, long backlog, long pending, long mongoCommands,
        long documentsWritten) {
}
