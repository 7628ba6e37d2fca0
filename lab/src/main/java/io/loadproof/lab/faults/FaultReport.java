package io.loadproof.lab.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.loadproof.lab.audit.AuditResult;
import io.loadproof.lab.load.LoadRecorder;

/** The markdown report of the fault suite: one summary table, then the details of each scenario. */
final class FaultReport {

    private FaultReport() {
    }

    static String render(List<FaultOutcome> outcomes, Duration took) {
        StringBuilder md = new StringBuilder("# Fault suite\n\n");
        md.append("Each scenario: a fresh platform (Redis with appendfsync always, MongoDB limited to 100 commands/s, ")
                .append("api-service, writer-service), steady closed-loop load, the fault, the drain, and the audit of ")
                .append("every id answered with 200. The suite took ").append(took.toMinutesPart()).append(" min ")
                .append(took.toSecondsPart()).append(" s.\n\n");
        md.append("| scenario | load | fault | answers other than 200 (503 / none) | lost | duplicated | recovery | result |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        outcomes.forEach(outcome -> md.append(tableRow(outcome)));
        md.append("\nRecovery: for faults of the request path, from the end of the fault to the first second with a 200 ")
                .append("again; for faults of the write path, to the first second with the backlog back near its level ")
                .append("before the fault.\n");
        outcomes.forEach(outcome -> details(md, outcome));
        return md.toString();
    }

    private static String tableRow(FaultOutcome outcome) {
        Fault.Timing timing = outcome.timing();
        String load = outcome.load().map(summary -> String.format(Locale.ROOT, "%d users, %,d requests in %.0f s",
                timing.users(), summary.requests(), summary.durationSeconds())).orElse(timing.users() + " users");
        String recovery = outcome.recoverySeconds().map(seconds -> String.format(Locale.ROOT, "%.0f s", seconds))
                .orElse(outcome.fault().recovery() == Fault.Recovery.NONE ? "n/a" : "-");
        return String.join(" | ", "| " + outcome.fault().name(), load, outcome.fault().description(),
                outcome.load().map(FaultReport::errors).orElse("-"),
                outcome.audit().map(audit -> String.valueOf(audit.lost())).orElse("-"),
                outcome.audit().map(audit -> String.valueOf(audit.duplicates())).orElse("-"), recovery,
                (outcome.passed() ? "pass" : "**" + outcome.status() + "**") + " |\n");
    }

    private static void details(StringBuilder md, FaultOutcome outcome) {
        md.append("\n## ").append(outcome.fault().name()).append("\n\n");
        for (Map.Entry<String, String> observation : outcome.observations().entrySet()) {
            md.append("- ").append(observation.getKey()).append(": ").append(observation.getValue()).append('\n');
        }
        outcome.load().ifPresent(load -> md.append(String.format(Locale.ROOT,
                "- load: %,d requests, %,d acknowledged, %,d answered 503, %,d without answer; p95 %d ms, p99 %d ms%n",
                load.requests(), load.acknowledged(), load.rejected(), load.ambiguous(), load.p95Ms(), load.p99Ms())));
        outcome.audit().ifPresent(audit -> md.append(audit(audit)));
        outcome.problems().forEach(problem -> md.append("- **problem**: ").append(problem).append('\n'));
    }

    private static String errors(LoadRecorder.Summary load) {
        long other = load.requests() - load.acknowledged();
        return String.format(Locale.ROOT, "%,d (%,d / %,d)", other, load.rejected(), load.ambiguous());
    }

    private static String audit(AuditResult audit) {
        return String.format(Locale.ROOT,
                "- audit: %,d documents expected, %,d stored, %,d returned ids checked one by one, %d lost, %d duplicated, "
                        + "%d invalid, %,d extra (outcome unknown to the client), %d dead letters (%d expected), "
                        + "%d entries left%n",
                audit.expectedDocuments(), audit.newDocuments(), audit.sampledIds(), audit.lost(), audit.duplicates(),
                audit.sampledInvalid(), audit.extra(), audit.deadLetters(), audit.expectedDeadLetters(), audit.entriesLeft());
    }
}
