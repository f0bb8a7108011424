package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.BackupTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Downloads one backup's files, checks each against the manifest's size and SHA-256, and decrypts
 * them. At most the size the manifest states is ever written locally, so a target serving endless
 * data cannot fill the disk.
 */
final class ChainFetcher {
    private final BackupTarget target;
    private final Optional<BackupKey> key;
    private final Progress progress;

    ChainFetcher(BackupTarget target, Optional<BackupKey> key, Progress progress) {
        this.target = target;
        this.key = key;
        this.progress = progress;
    }

    /** @return bytes downloaded */
    long fetch(BackupManifest m, Path dir) throws IOException {
        long read = 0;
        for (BackupManifest.FileEntry f : m.files()) {
            progress.step("fetching " + m.id() + "/" + f.name());
            if (f.encrypted()) {
                StoredFiles.fetchDecrypted(target, m, f, dir.resolve(f.logicalName()),
                        key.orElseThrow(() -> new BackupException(ErrorKind.BAD_INPUT, "backup " + m.id() + " is encrypted: pass --key-file")), progress);
            } else {
                StoredFiles.fetchChecked(target, m, f, dir.resolve(f.name()), progress);
            }
            read += f.size();
        }
        return read;
    }
}
