package io.hurdvm.metrics;

import io.hurdvm.storage.backup.BackupStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The backup series of one instance from its {@link BackupStatus}. */
final class BackupSamples {
    private BackupSamples() {
    }

    /**
     * Without a status file nothing was ever backed up: the last success and the failure counter are
     * exported as 0 all the same, so that the first failure is an {@code increase()} and the alert
     * rules see "never" as 0. Max age only exists with a schedule, so unscheduled instances never alert.
     */
    static List<Sample> of(String instance, Optional<BackupStatus> recorded) {
        List<Sample> out = new ArrayList<>();
        if (recorded.isEmpty()) {
            out.add(Sample.of(MetricFamily.BACKUP_LAST_SUCCESS, instance, 0));
            out.add(Sample.of(MetricFamily.BACKUP_FAILURES, instance, 0));
            return out;
        }
        BackupStatus s = recorded.get();
        out.add(Sample.of(MetricFamily.BACKUP_LAST_SUCCESS, instance, s.lastSuccessEpochSeconds()));
        out.add(Sample.of(MetricFamily.BACKUP_LAST_DURATION, instance, s.lastDurationSeconds()));
        out.add(Sample.of(MetricFamily.BACKUP_LAST_BYTES, instance, s.lastBytes()));
        out.add(Sample.of(MetricFamily.BACKUP_FAILURES, instance, s.failuresTotal()));
        if (s.maxAgeSeconds() != null) {
            out.add(Sample.of(MetricFamily.BACKUP_MAX_AGE, instance, s.maxAgeSeconds()));
        }
        return out;
    }
}
