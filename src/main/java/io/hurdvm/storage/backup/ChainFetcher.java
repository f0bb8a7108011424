package io.hurdvm.storage.backup;

import io.hurdvm.storage.target.BackupTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Downloads one backup's files, checks each against the manifest's SHA-256, and decrypts them. */
final class ChainFetcher {
    private final BackupTarget target;
    private final String instance;
    private final Optional<BackupKey> key;
    private final BackupProgress progress;

    ChainFetcher(BackupTarget target, String instance, Optional<BackupKey> key, BackupProgress progress) {
        this.target = target;
        this.instance = instance;
        this.key = key;
        this.progress = progress;
    }

    /** @return bytes downloaded */
    long fetch(BackupManifest m, Path dir) throws IOException {
        long read = 0;
        for (BackupManifest.FileEntry f : m.files()) {
            progress.step("fetching " + m.id() + "/" + f.name());
            Path local = dir.resolve(f.name());
            target.get(BackupLayout.key(instance, m.backupId(), f.name()), local, (w, done, total) -> progress.bytes(f.name(), done, f.size()));
            String actual = StagingDir.sha256(local);
            if (!actual.equals(f.sha256())) {
                throw new BackupException("backup " + m.id() + " is damaged: " + f.name() + " has sha256 " + actual
                        + ", the manifest says " + f.sha256() + " (run 'hurdvm backup verify')");
            }
            read += Files.size(local);
            if (f.name().endsWith(GcmChunkedFile.SUFFIX)) {
                Path plain = dir.resolve(f.name().substring(0, f.name().length() - GcmChunkedFile.SUFFIX.length()));
                GcmChunkedFile.decrypt(local, plain, key.orElseThrow(() -> new BackupException("backup " + m.id() + " is encrypted: pass --key-file")));
                Files.delete(local);
            }
        }
        return read;
    }
}
