package io.hurdvm.metrics;

import io.hurdvm.storage.backup.DrillStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The restore-drill series of one instance from its {@link DrillStatus}; its message never leaves the host. */
final class DrillSamples {
    private DrillSamples() {
    }

    /**
     * Nothing before the first drill: an instance without drills must not look like one whose drill
     * failed. From the first drill on, the last success is 0 until one succeeds (so a drill schedule that
     * never succeeded counts as too old) and the failure counter starts at its recorded value.
     */
    static List<Sample> of(String instance, Optional<DrillStatus> recorded) {
        List<Sample> out = new ArrayList<>();
        if (recorded.isEmpty() || recorded.get().lastRunEpochSeconds() == 0) {
            return out;
        }
        DrillStatus d = recorded.get();
        out.add(Sample.of(MetricFamily.DRILL_LAST_RUN, instance, d.lastRunEpochSeconds()));
        out.add(Sample.of(MetricFamily.DRILL_SUCCESS, instance, d.lastRunOk() ? 1 : 0));
        out.add(Sample.of(MetricFamily.DRILL_LAST_SUCCESS, instance, d.lastSuccessEpochSeconds()));
        out.add(Sample.of(MetricFamily.DRILL_DURATION, instance, d.lastDurationSeconds()));
        d.recoverySeconds().ifPresent(s -> out.add(Sample.of(MetricFamily.DRILL_RECOVERY, instance, s)));
        out.add(Sample.of(MetricFamily.DRILL_FAILURES, instance, d.failuresTotal()));
        if (d.maxAgeSeconds() != null) {
            out.add(Sample.of(MetricFamily.DRILL_MAX_AGE, instance, d.maxAgeSeconds()));
        }
        return out;
    }
}
