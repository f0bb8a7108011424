package io.hurdvm.storage.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.instance.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The restore drills of one instance, {@code HURDVM_HOME/instances/NAME/drill-status.json}: rewritten
 * after every drill, read by {@code backup status} and the metrics exporter. The exporter takes only the
 * numbers (and the success flag); {@code lastMessage} (which may name a target) is for the owner's eyes
 * in {@code backup status} and never reaches a scrape.
 *
 * @param lastRunEpochSeconds     when the last drill finished; 0 if none ever ran
 * @param lastRunOk               whether it proved a restore (restored, booted to SSH, check passed)
 * @param lastDurationSeconds     the last drill from start to cleanup, successful or not
 * @param lastMessage             what the last drill did or why it failed, one line
 * @param lastSuccessEpochSeconds when the last successful drill finished; 0 if none ever did
 * @param restoreSeconds          of the last successful drill: fetching, checking and rebuilding the disk
 * @param bootSeconds             of the last successful drill: start of the restored instance until SSH answered
 * @param backupId                the backup the last successful drill restored
 * @param backupEpochSeconds      that backup's point in time
 * @param failuresTotal           failed drills since the instance's first drill (never decreases)
 * @param maxAgeSeconds           how old the last successful drill may get (from its schedule); null without one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillStatus(long lastRunEpochSeconds, boolean lastRunOk, double lastDurationSeconds, String lastMessage,
                          long lastSuccessEpochSeconds, double restoreSeconds, double bootSeconds, String backupId,
                          long backupEpochSeconds, long failuresTotal, Long maxAgeSeconds) {
    public static final String FILE_NAME = "drill-status.json";

    public DrillStatus {
        if (lastRunEpochSeconds < 0 || lastDurationSeconds < 0 || lastSuccessEpochSeconds < 0 || restoreSeconds < 0 || bootSeconds < 0
                || backupEpochSeconds < 0 || failuresTotal < 0) {
            throw new IllegalArgumentException("drill status fields must not be negative");
        }
        if (maxAgeSeconds != null && maxAgeSeconds <= 0) {
            throw new IllegalArgumentException("drill maxAgeSeconds must be positive (or absent without a schedule), got " + maxAgeSeconds);
        }
        Objects.requireNonNull(lastMessage, "lastMessage");
    }

    /** Before the first drill. */
    public static DrillStatus never() {
        return new DrillStatus(0, false, 0, "", 0, 0, 0, null, 0, 0, null);
    }

    /** The measured recovery time: restore plus boot of the last successful drill; empty if none succeeded. */
    public Optional<Double> recoverySeconds() {
        return lastSuccessEpochSeconds == 0 ? Optional.empty() : Optional.of(restoreSeconds + bootSeconds);
    }

    public DrillStatus succeeded(long epochSeconds, double durationSeconds, String message, double restore, double boot,
                                 BackupManifest restored, Optional<Long> maxAge) {
        return new DrillStatus(epochSeconds, true, durationSeconds, message, epochSeconds, restore, boot, restored.id(),
                restored.time().getEpochSecond(), failuresTotal, maxAge.orElse(maxAgeSeconds));
    }

    /** A failed drill keeps the last success (and its recovery time) and counts one more failure. */
    public DrillStatus failed(long epochSeconds, double durationSeconds, String message, Optional<Long> maxAge) {
        return new DrillStatus(epochSeconds, false, durationSeconds, message, lastSuccessEpochSeconds, restoreSeconds, bootSeconds, backupId,
                backupEpochSeconds, failuresTotal + 1, maxAge.orElse(maxAgeSeconds));
    }

    public static Path file(Path instanceDir) {
        return instanceDir.resolve(FILE_NAME);
    }

    /** The recorded status, or empty if no drill ever ran for this instance. */
    public static Optional<DrillStatus> read(Path instanceDir) {
        Path f = file(instanceDir);
        return Files.isRegularFile(f) ? Optional.of(JsonFiles.read(f, DrillStatus.class)) : Optional.empty();
    }

    /** Replaces the status atomically (0600, like everything under HURDVM_HOME). */
    public static void write(Path instanceDir, DrillStatus status) {
        JsonFiles.writeAtomically(file(instanceDir), status);
    }
}
