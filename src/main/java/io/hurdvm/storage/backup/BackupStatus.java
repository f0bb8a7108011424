package io.hurdvm.storage.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.instance.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The backup summary of one instance, {@code HURDVM_HOME/instances/NAME/backup-status.json}: written
 * by {@link BackupService} after every attempt, read by the metrics exporter. Only numbers: no paths,
 * targets or credentials belong here, since every field ends up in a public scrape.
 *
 * @param lastSuccessEpochSeconds Unix time the last successful backup finished; 0 if none ever did
 * @param lastDurationSeconds     duration of the last attempt, successful or not
 * @param lastBytes               bytes written by the last successful backup
 * @param failuresTotal           failed attempts since the instance was created (never decreases)
 * @param maxAgeSeconds           the age the backup schedule allows; null when there is no schedule
 */
public record BackupStatus(
        long lastSuccessEpochSeconds,
        double lastDurationSeconds,
        long lastBytes,
        long failuresTotal,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long maxAgeSeconds) {

    public static final String FILE_NAME = "backup-status.json";

    public BackupStatus {
        if (lastSuccessEpochSeconds < 0 || lastDurationSeconds < 0 || lastBytes < 0 || failuresTotal < 0) {
            throw new IllegalArgumentException("backup status fields must not be negative");
        }
        if (maxAgeSeconds != null && maxAgeSeconds <= 0) {
            throw new IllegalArgumentException("backup maxAgeSeconds must be positive (or absent without a schedule), got "
                    + maxAgeSeconds);
        }
    }

    /** The status before any backup ran. */
    public static BackupStatus never(Long maxAgeSeconds) {
        return new BackupStatus(0, 0, 0, 0, maxAgeSeconds);
    }

    public static Path file(Path instanceDir) {
        return instanceDir.resolve(FILE_NAME);
    }

    /** The recorded status, or empty if no backup code ever wrote one for this instance. */
    public static Optional<BackupStatus> read(Path instanceDir) {
        Path f = file(instanceDir);
        return Files.isRegularFile(f) ? Optional.of(JsonFiles.read(f, BackupStatus.class)) : Optional.empty();
    }

    /** The status after a backup that finished at {@code epochSeconds} and stored {@code bytes}. */
    public BackupStatus succeeded(long epochSeconds, double durationSeconds, long bytes) {
        return new BackupStatus(epochSeconds, durationSeconds, bytes, failuresTotal, maxAgeSeconds);
    }

    public BackupStatus failed(double durationSeconds) {
        return new BackupStatus(lastSuccessEpochSeconds, durationSeconds, lastBytes, failuresTotal + 1, maxAgeSeconds);
    }

    /** A schedule's freshness goal replaces the recorded one; a manual backup (empty) keeps it. */
    public BackupStatus withMaxAge(Optional<Long> seconds) {
        return new BackupStatus(lastSuccessEpochSeconds, lastDurationSeconds, lastBytes, failuresTotal, seconds.orElse(maxAgeSeconds));
    }

    /** Replaces the status atomically: a concurrent scrape sees the old or the new file, never half of one. */
    public static void write(Path instanceDir, BackupStatus status) {
        JsonFiles.writeAtomically(file(instanceDir), status);
    }
}
