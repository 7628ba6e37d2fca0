package io.loadproof.lab.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.loadproof.lab.audit.AuditResult;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.load.Scenario;
import io.loadproof.lab.monitor.CpuWatch;
import io.loadproof.model.QueuedWrite;

/**
 * The markdown summary of a run: what ran, the thresholds as the k6 script judges them, the load,
 * where the CPU went, and the loss audit.
 *
 * @param system     one line per part of the system under test
 * @param audit      empty when the lab could not reach the system's MongoDB
 * @param mongoLimit the lab's MongoDB ceiling, 0 for another MongoDB
 * @param drained    how long the backlog took to drain, empty when it did not or could not be followed
 */
public record SummaryReport(String profile, Scenario scenario, List<String> system, LoadRecorder.Summary load,
        Optional<AuditResult> audit, Timeline timeline, int mongoLimit, Optional<Duration> drained, CpuWatch.Spent cpu,
        String gatlingReport, List<String> notes) {

    public boolean passed() {
        return load.verdict().passed() && audit.map(AuditResult::passed).orElse(true);
    }

    public String render() {
        StringBuilder md = new StringBuilder();
        header(md);
        thresholds(md);
        load(md);
        cpu(md);
        audit.ifPresentOrElse(result -> AuditTable.append(md, result),
                () -> md.append("\n## Loss audit\n\nNot run: the lab cannot reach this system's MongoDB (give MONGO_URI).\n"));
        md.append("\n**Result: ").append(passed() ? "PASS" : "FAIL").append(audit.isEmpty() ? " (thresholds only)" : "")
                .append("**\n\n");
        md.append("Files: `chart.png` (requests/s, latency p95/p99, backlog, MongoDB commands/s over time), `timeline.csv`, ")
                .append("`load-summary.json`, `logs/`, Gatling report `").append(gatlingReport).append("`.\n");
        notes.forEach(note -> md.append("\n> ").append(note).append('\n'));
        return md.toString();
    }

    private void header(StringBuilder md) {
        md.append("# Lab run: profile `").append(profile).append("`\n\n");
        md.append("Stages: ").append(stages(scenario.profile(profile))).append(". Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, the load generator on it (closed loop, no think time, the k6 checks and thresholds).\n\n");
        system.forEach(line -> md.append("- ").append(line).append('\n'));
    }

    private void thresholds(StringBuilder md) {
        Scenario.Thresholds required = scenario.thresholds();
        md.append("\n## Thresholds (as the k6 script judges them)\n\n");
        md.append("| threshold | required | measured | result |\n|---|---|---|---|\n");
        row(md, "http_req_duration p(95)", "< " + required.p95Ms() + " ms", load.p95Ms() + " ms", load.verdict().p95());
        row(md, "http_req_duration p(99)", "< " + required.p99Ms() + " ms", load.p99Ms() + " ms", load.verdict().p99());
        row(md, "http_req_failed rate", "< " + percent(required.httpReqFailedRate()), percent(load.httpFailedRate()),
                load.verdict().httpReqFailed());
        row(md, "error_rate (checks: 200, success, < " + scenario.maxCheckDurationMs() + " ms)",
                "< " + percent(required.errorRate()), percent(load.errorRate()), load.verdict().errorRate());
    }

    private void load(StringBuilder md) {
        md.append("\n## Load\n\n");
        md.append(String.format(Locale.ROOT, "- requests: %,d in %.0f s (mean %,.0f req/s, peak %,d req/s)%n",
                load.requests(), load.durationSeconds(),
                load.durationSeconds() == 0 ? 0 : load.requests() / load.durationSeconds(), timeline.peakClientRequests()));
        md.append(String.format(Locale.ROOT, "- latency: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                load.p50Ms(), load.p95Ms(), load.p99Ms(), load.maxMs()));
        md.append(String.format(Locale.ROOT, "- acknowledged (200 + success): %,d; rejected with 503: %,d; no response: %,d%n",
                load.acknowledged(), load.rejected(), load.ambiguous()));
        md.append(backlogLine());
        md.append(audit.map(result -> MongoDiskEstimate.line(result.newDocuments(), "the run stored"))
                .orElseGet(() -> MongoDiskEstimate.line(load.acknowledged() * QueuedWrite.DOCUMENTS_PER_REQUEST,
                        "of the acknowledged requests")));
        md.append(mongoLimit > 0
                ? String.format(Locale.ROOT, "- MongoDB commands: at most %d in any second (ceiling %d/s)%n",
                        timeline.maxMongoCommands(), mongoLimit)
                : "- MongoDB: not the lab's, commands not counted by the lab\n");
    }

    private String backlogLine() {
        if (timeline.maxBacklog() < 0 && drained.isEmpty() && audit.isEmpty()) {
            return "- backlog: not followed (the lab reaches neither this system's Redis nor its MongoDB)\n";
        }
        return String.format(Locale.ROOT, "- peak backlog: %s; drained %s%n",
                timeline.maxBacklog() < 0 ? "not seen" : String.format(Locale.ROOT, "%,d entries", timeline.maxBacklog()),
                drained.map(took -> took.toSeconds() + " s after the load").orElse("not within the bounded wait"));
    }

    private void cpu(StringBuilder md) {
        if (cpu.byProcess().isEmpty() || cpu.seconds() <= 0) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        md.append(String.format(Locale.ROOT, "%n## Where the CPU went (%.0f s of load, %d cores = %.0f core-seconds)%n%n",
                cpu.seconds(), cores, cpu.seconds() * cores));
        md.append("| process | CPU seconds | cores on average |\n|---|---|---|\n");
        for (Map.Entry<String, Double> process : cpu.byProcess().entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f |%n", process.getKey(), process.getValue(),
                    process.getValue() / cpu.seconds()));
        }
        double total = cpu.byProcess().values().stream().mapToDouble(Double::doubleValue).sum();
        md.append(String.format(Locale.ROOT, "| all of them | %.1f | %.2f |%n", total, total / cpu.seconds()));
    }

    private static String stages(Scenario.Profile profile) {
        return String.join(", ", profile.stages().stream()
                .map(stage -> stage.duration() + " to " + stage.target()).toList()) + " users";
    }

    private static void row(StringBuilder md, String name, String required, String measured, boolean passed) {
        md.append("| ").append(name).append(" | ").append(required).append(" | ").append(measured).append(" | ")
                .append(passed ? "pass" : "**FAIL**").append(" |\n");
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
