package io.hurdvm.storage.backup;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which backups of an instance to copy and how far to believe them.
 *
 * @param instance         the instance the backups were taken of (its folder on both targets)
 * @param wanted           backup ids or {@code latest}; empty copies every backup; each comes with its whole chain
 * @param key              with a key every copied manifest must authenticate with it and every encryption tag
 *                         must check out, exactly as restore demands; without one only hashes are checked
 * @param allowUnencrypted without a key: copy unencrypted backups although either target holds encrypted ones
 * @param speedBytesPerSec upload rate limit; 0 is none
 */
public record CopyRequest(String instance, List<String> wanted, Optional<BackupKey> key, boolean allowUnencrypted, long speedBytesPerSec) {
    public CopyRequest {
        Objects.requireNonNull(instance, "instance");
        wanted = List.copyOf(wanted);
        Objects.requireNonNull(key, "key");
        if (speedBytesPerSec < 0) {
            throw new IllegalArgumentException("--speed must not be negative");
        }
        for (String w : wanted) {
            if (!"latest".equals(w)) {
                new BackupId(w);
            }
        }
    }
}
