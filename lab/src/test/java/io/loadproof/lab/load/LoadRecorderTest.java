package io.loadproof.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder judges responses the way the k6 script does. */
class LoadRecorderTest {

    private static final Scenario.Thresholds THRESHOLDS = new Scenario.Thresholds(2000, 5000, 0.01, 0.01);
    private static final List<String> IDS = List.of("a", "b", "c", "d", "e");

    @Test
    void slowSuccessIsAcknowledgedButFailsTheCheckNotHttp() {
        LoadRecorder recorder = new LoadRecorder(2000);

        recorder.record(1_000, 200, 2500, "success", IDS);
        LoadRecorder.Summary summary = recorder.summary(THRESHOLDS);

        assertThat(summary.acknowledged()).isEqualTo(1);
        assertThat(summary.httpFailed()).isZero();
        assertThat(summary.checkFailed()).isEqualTo(1);
    }

    @Test
    void rejectionsTimeoutsAndBadBodiesAreCountedApart() {
        LoadRecorder recorder = new LoadRecorder(2000);

        recorder.record(1_000, 503, 5, null, null);
        recorder.record(1_000, null, 10_000, null, null);
        recorder.record(1_000, 200, 5, "error", null);
        recorder.record(2_000, 200, 5, "success", IDS);
        LoadRecorder.Summary summary = recorder.summary(THRESHOLDS);

        assertThat(summary.requests()).isEqualTo(4);
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(summary.ambiguous()).isEqualTo(1);
        assertThat(summary.httpFailed()).isEqualTo(2);
        assertThat(summary.checkFailed()).isEqualTo(3);
        assertThat(summary.acknowledged()).isEqualTo(1);
        assertThat(summary.verdict().errorRate()).isFalse();
        assertThat(summary.verdict().httpReqFailed()).isFalse();
    }

    @Test
    void aCleanRunPassesAndWritesTimelineAndSample(@TempDir Path directory) throws Exception {
        LoadRecorder recorder = new LoadRecorder(2000);
        for (int i = 0; i < 100; i++) {
            recorder.record(1_000L + i * 10, 200, 3, "success", IDS);
        }

        recorder.writeResults(directory, THRESHOLDS);

        assertThat(recorder.summary(THRESHOLDS).verdict().passed()).isTrue();
        assertThat(Files.readAllLines(directory.resolve(LoadRecorder.TIMELINE_FILE)))
                .hasSize(2).last().asString().startsWith("1,100,100,0,0,");
        assertThat(Files.readAllLines(directory.resolve(LoadRecorder.SAMPLED_IDS_FILE))).hasSize(50);
        assertThat(directory.resolve(LoadRecorder.SUMMARY_FILE)).exists();
    }
}
