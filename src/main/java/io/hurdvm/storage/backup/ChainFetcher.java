package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.BackupTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

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
        return fetch(m, dir, Set.of());
    }

    /** Fetches every file but those named (by logical name) in {@code except}; @return bytes downloaded */
    long fetch(BackupManifest m, Path dir, Set<String> except) throws IOException {
        long read = 0;
        for (BackupManifest.FileEntry f : m.files()) {
            if (except.contains(f.logicalName())) {
                continue;
            }
            progress.step("fetching " + m.id() + "/" + f.name());
            if (f.encrypted()) {
                StoredFiles.fetchDecrypted(target, m, f, dir.resolve(f.logicalName()), key(m), progress);
            } else {
                StoredFiles.fetchChecked(target, m, f, dir.resolve(f.logicalName()), progress);
            }
            read += f.size();
        }
        return read;
    }

    /**
     * Streams one file's plaintext into {@code out} without a local copy, with the checks of
     * {@link #fetch}; they end only at the file's end, so what {@code out} got is believed only
     * if this returns. @return bytes downloaded
     */
    long stream(BackupManifest m, String logicalName, OutputStream out) throws IOException {
        BackupManifest.FileEntry f = m.file(logicalName);
        progress.step("fetching and writing " + m.id() + "/" + f.name());
        if (f.encrypted()) {
            StoredFiles.decryptInto(target, m, f, key(m), out, progress);
        } else {
            StoredFiles.readChecked(target, m, f, out, progress);
        }
        return f.size();
    }

    private BackupKey key(BackupManifest m) {
        return key.orElseThrow(() -> new BackupException(ErrorKind.BAD_INPUT, "backup " + m.id() + " is encrypted: pass --key-file"));
    }
}
