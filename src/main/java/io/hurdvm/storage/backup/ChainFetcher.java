package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.storage.target.BackupTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Downloads one backup's files, checks each against the manifest's size and SHA-256, and decrypts
 * them. At most the size the manifest states is ever written locally, so a target serving endless
 * data cannot fill the disk.
 */
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
            CountingDigest got = download(BackupLayout.key(instance, m.backupId(), f.name()), local, f);
            if (got.bytes() > f.size()) {
                throw new BackupException(ErrorKind.DAMAGED, "backup " + m.id() + " is damaged: " + f.name() + " is larger than the " + f.size()
                        + " bytes its manifest states (run 'hurdvm backup verify')");
            }
            if (got.bytes() != f.size() || !got.sha256().equals(f.sha256())) {
                throw new BackupException(ErrorKind.DAMAGED, "backup " + m.id() + " is damaged: " + f.name() + " has " + got.bytes() + " bytes with sha256 "
                        + got.sha256() + ", the manifest says " + f.size() + " bytes with sha256 " + f.sha256() + " (run 'hurdvm backup verify')");
            }
            read += got.bytes();
            if (f.encrypted()) {
                GcmChunkedFile.decrypt(local, dir.resolve(f.logicalName()),
                        key.orElseThrow(() -> new BackupException(ErrorKind.DAMAGED, "backup " + m.id() + " is encrypted: pass --key-file")));
                Files.delete(local);
            }
        }
        return read;
    }

    /** Copies at most one byte more than the manifest's size, hashing as it goes. */
    private CountingDigest download(String key, Path local, BackupManifest.FileEntry f) throws IOException {
        try (InputStream raw = target.open(key);
             HashingInputStream in = new HashingInputStream(raw, done -> progress.bytes(f.name(), done, f.size()));
             OutputStream out = OwnerOnlyFiles.newOutputStream(local)) {
            byte[] buf = new byte[1 << 20];
            long left = f.size() + 1;
            for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= n) {
                out.write(buf, 0, n);
            }
            if (left > 0) {
                return in.finish();
            }
            return new CountingDigest("", f.size() + 1); // longer than stated: not worth reading on
        }
    }
}
