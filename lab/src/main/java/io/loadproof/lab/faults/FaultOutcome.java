package io.loadproof.lab.faults;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.loadproof.lab.audit.AuditResult;
import io.loadproof.lab.load.LoadRecorder;

/** How one scenario of the fault suite went. */
record FaultOutcome(Fault fault, Fault.Timing timing, String status, Optional<LoadRecorder.Summary> load,
        Optional<AuditResult> audit, Optional<Double> recoverySeconds, Map<String, String> observations,
        List<String> problems) {

    static FaultOutcome skipped(Fault fault, Fault.Timing timing, String reason) {
        return new FaultOutcome(fault, timing, "SKIPPED", Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                List.of(reason));
    }

    /** PASS when the audit passed and no check of the scenario failed. */
    static FaultOutcome of(Fault fault, Fault.Timing timing, FaultContext context, Optional<LoadRecorder.Summary> load,
            Optional<AuditResult> audit, Optional<Double> recovery) {
        boolean passed = context.problems().isEmpty() && audit.map(AuditResult::passed).orElse(false);
        return new FaultOutcome(fault, timing, passed ? "PASS" : "FAIL", load, audit, recovery, context.observations(),
                context.problems());
    }

    boolean passed() {
        return status.equals("PASS");
    }
}
