package io.loadproof.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.loadproof.lab.audit.LossAudit;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.scenario.Scenario;

/** The short markdown summary of a run: thresholds, throughput, the audit, the MongoDB ceiling. */
public final class SummaryReport {

    private SummaryReport() {
    }

    public record Inputs(String profile, Scenario scenario, LoadRecorder.Summary load, LossAudit.Result audit,
            Timeline timeline, int mongoLimit, Duration drainTime, CpuSpent cpu, String gatlingReport, List<String> notes) {
    }

    /** CPU seconds by process over {@code seconds} of wall-clock time. */
    public record CpuSpent(Map<String, Double> byProcess, double seconds) {
    }

    public static String render(Inputs in) {
        Scenario.Thresholds thresholds = in.scenario().thresholds();
        LoadRecorder.Summary load = in.load();
        LossAudit.Result audit = in.audit();
        StringBuilder md = new StringBuilder();
        md.append("# Lab run: profile `").append(in.profile()).append("`\n\n");
        md.append("Stages: ").append(stages(in.scenario().profile(in.profile()))).append(". Machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, the whole stack and the load generator on it.\n\n");
        md.append("## Thresholds (as the k6 script judges them)\n\n");
        md.append("| threshold | required | measured | result |\n|---|---|---|---|\n");
        row(md, "http_req_duration p(95)", "< " + thresholds.p95Ms() + " ms", load.p95Ms() + " ms", load.verdict().p95());
        row(md, "http_req_duration p(99)", "< " + thresholds.p99Ms() + " ms", load.p99Ms() + " ms", load.verdict().p99());
        row(md, "http_req_failed rate", "< " + percent(thresholds.httpReqFailedRate()), percent(load.httpFailedRate()),
                load.verdict().httpReqFailed());
        row(md, "error_rate (checks: 200, success, < " + in.scenario().maxCheckDurationMs() + " ms)",
                "< " + percent(thresholds.errorRate()), percent(load.errorRate()), load.verdict().errorRate());
        md.append("\n## Load\n\n");
        md.append(String.format(Locale.ROOT, "- requests: %,d in %.0f s (mean %,.0f req/s, peak %,d req/s)%n",
                load.requests(), load.durationSeconds(),
                load.durationSeconds() == 0 ? 0 : load.requests() / load.durationSeconds(), in.timeline().peakClientRequests()));
        md.append(String.format(Locale.ROOT, "- latency: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                load.p50Ms(), load.p95Ms(), load.p99Ms(), load.maxMs()));
        md.append(String.format(Locale.ROOT, "- acknowledged (200 + success): %,d; rejected with 503: %,d; no response: %,d%n",
                load.acknowledged(), load.rejected(), load.ambiguous()));
        md.append(String.format(Locale.ROOT, "- peak backlog: %,d entries; drained %s after the load%n",
                in.timeline().maxBacklog(), in.drainTime() == null ? "not within the bounded wait" : in.drainTime().toSeconds() + " s"));
        md.append(in.mongoLimit() > 0
                ? String.format(Locale.ROOT, "- MongoDB commands: at most %d in any second (ceiling %d/s)%n",
                        in.timeline().maxMongoCommands(), in.mongoLimit())
                : "- MongoDB: external, commands not counted by the lab\n");
        if (!in.cpu().byProcess().isEmpty() && in.cpu().seconds() > 0) {
            int cores = Runtime.getRuntime().availableProcessors();
            md.append(String.format(Locale.ROOT, "%n## Where the CPU went (%.0f s of load, %d cores = %.0f core-seconds)%n%n",
                    in.cpu().seconds(), cores, in.cpu().seconds() * cores));
            md.append("| process | CPU seconds | cores on average |\n|---|---|---|\n");
            double total = 0;
            for (Map.Entry<String, Double> process : in.cpu().byProcess().entrySet()) {
                total += process.getValue();
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f |%n", process.getKey(), process.getValue(),
                        process.getValue() / in.cpu().seconds()));
            }
            md.append(String.format(Locale.ROOT, "| all of them | %.1f | %.2f |%n", total, total / in.cpu().seconds()));
        }
        md.append("\n## Loss audit\n\n");
        md.append("| check | value | result |\n|---|---|---|\n");
        auditRow(md, "documents expected (5 x acknowledged)", audit.expectedDocuments(), true);
        auditRow(md, "documents stored", audit.storedDocuments(), audit.storedDocuments() >= audit.expectedDocuments());
        auditRow(md, "sampled returned ids checked", audit.sampledIds(), audit.sampledIds() > 0 || audit.acknowledged() == 0);
        auditRow(md, "lost", audit.lost(), audit.lost() == 0);
        auditRow(md, "duplicates (sampled ids stored more than once)", audit.duplicates(), audit.duplicates() == 0);
        auditRow(md, "extra documents (requests whose outcome the client did not learn)", audit.extra(),
                audit.unexplainedExtra() == 0);
        auditRow(md, "dead-lettered entries", audit.deadLetters(), audit.deadLetters() == audit.expectedDeadLetters());
        auditRow(md, "entries left in the stream", audit.backlogLeft() + audit.pendingLeft(),
                audit.backlogLeft() + audit.pendingLeft() == 0);
        md.append("\n**Result: ").append(load.verdict().passed() && audit.passed() ? "PASS" : "FAIL").append("**\n\n");
        md.append("Files: `chart.png` (requests/s, latency p95/p99, backlog, MongoDB commands/s over time), `timeline.csv`, ")
                .append("`load-summary.json`, `logs/`, Gatling report `").append(in.gatlingReport()).append("`.\n");
        for (String note : in.notes()) {
            md.append("\n> ").append(note).append('\n');
        }
        return md.toString();
    }

    public static void write(Inputs inputs, Path file) throws IOException {
        Files.writeString(file, render(inputs));
    }

    private static String stages(Scenario.Profile profile) {
        StringBuilder text = new StringBuilder();
        for (Scenario.Stage stage : profile.stages()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(stage.duration()).append(" to ").append(stage.target());
        }
        return text.append(" users").toString();
    }

    private static void row(StringBuilder md, String name, String required, String measured, boolean passed) {
        md.append("| ").append(name).append(" | ").append(required).append(" | ").append(measured).append(" | ")
                .append(passed ? "pass" : "**FAIL**").append(" |\n");
    }

    private static void auditRow(StringBuilder md, String name, long value, boolean passed) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %s |%n", name, value, passed ? "ok" : "**FAIL**"));
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
