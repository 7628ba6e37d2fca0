package io.loadproof.lab.report;

import java.util.Locale;

import io.loadproof.lab.audit.AuditResult;

/** The loss audit's section of the summary. */
final class AuditTable {

    private AuditTable() {
    }

    static void append(StringBuilder md, AuditResult audit) {
        md.append("\n## Loss audit\n\n");
        md.append(String.format(Locale.ROOT, "Documents stored before the run: %,d (not judged); after it: %,d.%n%n",
                audit.documentsBefore(), audit.documentsAfter()));
        md.append("| check | value | result |\n|---|---|---|\n");
        row(md, "documents expected (5 x acknowledged)", audit.expectedDocuments(), true);
        row(md, "documents the run added", audit.newDocuments(), audit.newDocuments() >= audit.expectedDocuments());
        row(md, "sampled returned ids checked one by one", audit.sampledIds(), audit.sampledIds() > 0 || audit.acknowledged() == 0);
        row(md, "lost (missing documents, sampled ids not found)", audit.lost(), audit.lost() == 0);
        row(md, "duplicates (sampled ids stored more than once)", audit.duplicates(), audit.duplicates() == 0);
        row(md, "invalid (sampled documents not a valid write: type, index, payload, timestamp)", audit.sampledInvalid(),
                audit.sampledInvalid() == 0);
        row(md, "extra documents (requests whose outcome the client did not learn)", audit.extra(),
                audit.unexplainedExtra() == 0);
        row(md, "entries added to the dead-letter stream", audit.deadLetters(), audit.deadLettersAsExpected());
        row(md, "entries left in the stream", audit.entriesLeft(), audit.entriesLeft() <= 0);
    }

    private static void row(StringBuilder md, String name, long value, boolean passed) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", name,
                value < 0 ? "not seen (no Redis)" : String.format(Locale.ROOT, "%,d", value), passed ? "ok" : "**FAIL**"));
    }
}
