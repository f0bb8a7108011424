package io.hurdvm.storage.backup;

import io.hurdvm.vm.InstanceName;
import java.util.Objects;
import java.util.Optional;

/**
 * What to restore and how far to believe it.
 *
 * @param sourceInstance   the instance the backup was taken of (its folder on the target)
 * @param newName          the instance to create
 * @param replace          overwrite {@code newName} if it exists (and is stopped)
 * @param key              decrypts and authenticates; a key means every link must be encrypted with it
 * @param trustNetwork     keep the backup's SSH bind and port, forwards and VNC instead of the defaults
 * @param allowUnencrypted without a key, accept unencrypted backups on a target that also holds encrypted ones
 */
public record RestoreRequest(String sourceInstance, BackupId id, InstanceName newName, boolean replace, Optional<BackupKey> key,
                             boolean trustNetwork, boolean allowUnencrypted) {
    public RestoreRequest {
        Objects.requireNonNull(sourceInstance, "sourceInstance");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(newName, "newName");
        Objects.requireNonNull(key, "key");
    }
}
