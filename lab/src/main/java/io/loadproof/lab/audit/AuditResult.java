package io.loadproof.lab.audit;

import io.loadproof.model.QueuedWrite;

/**
 * What the loss audit found; -1 where it could not look (no Redis in reach).
 *
 * @param documentsBefore   stored before the run, not judged
 * @param explainableExtra  documents of requests whose outcome the client did not learn
 * @param deadLetters       entries the dead-letter stream gained during the run
 */
public record AuditResult(long acknowledged, long documentsBefore, long documentsAfter, long sampledIds,
        long sampledMissing, long sampledDuplicated, long sampledInvalid, long explainableExtra, long deadLetters,
        long expectedDeadLetters, long backlogLeft, long pendingLeft) {

    public long expectedDocuments() {
        return acknowledged * QueuedWrite.DOCUMENTS_PER_REQUEST;
    }

    /** Documents the run added. */
    public long newDocuments() {
        return documentsAfter - documentsBefore;
    }

    public long lost() {
        return Math.max(0, expectedDocuments() - newDocuments()) + sampledMissing;
    }

    public long duplicates() {
        return sampledDuplicated;
    }

    public long extra() {
        return Math.max(0, newDocuments() - expectedDocuments());
    }

    public long unexplainedExtra() {
        return Math.max(0, extra() - explainableExtra);
    }

    public boolean deadLettersAsExpected() {
        return deadLetters < 0 || deadLetters == expectedDeadLetters;
    }

    /** Entries still in the stream or pending; -1 when Redis was not in reach. */
    public long entriesLeft() {
        return backlogLeft < 0 ? -1 : backlogLeft + pendingLeft;
    }

    public boolean passed() {
        return lost() == 0 && sampledDuplicated == 0 && sampledInvalid == 0 && unexplainedExtra() == 0
                && deadLettersAsExpected() && entriesLeft() <= 0 && (sampledIds > 0 || acknowledged == 0);
    }
}
