package io.hurdvm.storage.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.instance.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code backup-status.json} in the instance folder, rewritten after every backup attempt; read by
 * the metrics exporter. {@code maxAgeSeconds} is present only when a schedule sets one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupStatusFile(long lastSuccessEpochSeconds, long lastDurationSeconds, long lastBytes, long failuresTotal,
                               Long maxAgeSeconds) {
    public static final String FILE = "backup-status.json";
    private static final BackupStatusFile NEVER = new BackupStatusFile(0, 0, 0, 0, null);

    public static BackupStatusFile read(Path instanceDir) {
        Path f = instanceDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return NEVER;
        }
        try {
            return JsonFiles.read(f, BackupStatusFile.class);
        } catch (RuntimeException e) {
            return NEVER;
        }
    }

    public BackupStatusFile succeeded(long epochSeconds, long durationSeconds, long bytes) {
        return new BackupStatusFile(epochSeconds, durationSeconds, bytes, failuresTotal, maxAgeSeconds);
    }

    public BackupStatusFile failed(long durationSeconds) {
        return new BackupStatusFile(lastSuccessEpochSeconds, durationSeconds, lastBytes, failuresTotal + 1, maxAgeSeconds);
    }

    public void write(Path instanceDir) {
        JsonFiles.writeAtomically(instanceDir.resolve(FILE), this);
    }
}
