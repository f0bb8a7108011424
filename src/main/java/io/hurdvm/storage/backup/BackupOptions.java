package io.hurdvm.storage.backup;

import java.time.Duration;
import java.util.Optional;

/**
 * How to take one backup.
 *
 * @param key              encrypt the stored files with this key; empty means unencrypted
 * @param forceFull        start a new chain even if an incremental were possible
 * @param maxIncrementals  after this many incrementals the next backup is full again
 * @param speedBytesPerSec QEMU's copy rate limit, to spare the guest's I/O; 0 is unlimited
 * @param timeout          how long QEMU's copy job may take before it is cancelled
 * @param maxAgeSeconds    the schedule's freshness goal, recorded for metrics; empty if unscheduled
 * @param schedule         id of the schedule making this backup, recorded in its manifest; empty if by hand
 */
public record BackupOptions(Optional<BackupKey> key, boolean forceFull, int maxIncrementals, long speedBytesPerSec,
                            Duration timeout, Optional<Long> maxAgeSeconds, Optional<String> schedule) {
    public static final int DEFAULT_MAX_INCREMENTALS = 7;

    public BackupOptions {
        if (maxIncrementals < 0) {
            throw new IllegalArgumentException("--max-incrementals must be 0 or more, not " + maxIncrementals);
        }
        if (speedBytesPerSec < 0) {
            throw new IllegalArgumentException("--speed must not be negative");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
    }

    /** A backup made by hand. */
    public BackupOptions(Optional<BackupKey> key, boolean forceFull, int maxIncrementals, long speedBytesPerSec,
                         Duration timeout, Optional<Long> maxAgeSeconds) {
        this(key, forceFull, maxIncrementals, speedBytesPerSec, timeout, maxAgeSeconds, Optional.empty());
    }

    public static BackupOptions defaults() {
        return new BackupOptions(Optional.empty(), false, DEFAULT_MAX_INCREMENTALS, 0, Duration.ofHours(6), Optional.empty());
    }
}
