package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.progress.Progress;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.storage.target.BackupTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one stored file of a backup as hostile input: never more than one byte past the size its
 * manifest states (a target serving endless data cannot fill a disk or keep us reading), hashing as it
 * goes. Restore, copy and the recovery-point check all read stored files through here.
 */
final class StoredFiles {
    private static final int BUFFER = 1 << 20;

    private StoredFiles() {
    }

    /** Downloads {@code f} of {@code m} to {@code local} (0600) and fails unless its size and SHA-256 are the manifest's. */
    static void fetchChecked(BackupTarget target, BackupManifest m, BackupManifest.FileEntry f, Path local, Progress progress)
            throws IOException {
        CountingDigest got;
        try (OutputStream out = OwnerOnlyFiles.newOutputStream(local)) {
            got = read(target, key(m, f), f, out, progress);
        }
        requireMatches(m, f, got, target);
    }

    /**
     * Fetches an encrypted file and decrypts it in the same pass into {@code plain}, checking the
     * stored bytes against the manifest's size and SHA-256 as they stream by: one write and one
     * read of the whole file fewer than fetching, then decrypting. Every chunk is authenticated
     * before its plaintext is written; when the bytes do not match the manifest, {@code plain} is
     * deleted and the error names the damage (as {@link #fetchChecked} does). At most one byte more
     * than the manifest states is read.
     */
    static void fetchDecrypted(BackupTarget target, BackupManifest m, BackupManifest.FileEntry f, Path plain, BackupKey key,
                               Progress progress) throws IOException {
        try (OutputStream out = OwnerOnlyFiles.newOutputStream(plain)) {
            decryptInto(target, m, f, key, out, progress);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(plain);
            throw e;
        }
    }

    /**
     * Fetches an encrypted file and writes its plaintext to {@code out} as it streams by: every chunk
     * is authenticated before its plaintext is written, and the stored bytes are checked against the
     * manifest's size and SHA-256 at the end. A failure (damage in the manifest's terms first, then a
     * failed tag) is thrown only after the file was read: what {@code out} got is then to be thrown
     * away by the caller. At most one byte more than the manifest states is read.
     */
    static void decryptInto(BackupTarget target, BackupManifest m, BackupManifest.FileEntry f, BackupKey key, OutputStream out,
                            Progress progress) throws IOException {
        CountingDigest got;
        BackupException failed = null;
        try (InputStream raw = new LimitedInputStream(target.open(key(m, f)), f.size() + 1);
             HashingInputStream in = new HashingInputStream(raw, done -> progress.bytes(f.name(), done, f.size()))) {
            try {
                GcmChunkedFile.decrypt(in, out, key, f.name());
            } catch (BackupException e) {
                failed = e;
            }
            got = in.finish();
        }
        if (failed != null || !matches(f, got)) {
            requireMatches(m, f, got, target);
            throw failed;
        }
    }

    /** Copies {@code f} of {@code m} to {@code out} and then fails unless its size and SHA-256 are the manifest's. */
    static void readChecked(BackupTarget target, BackupManifest m, BackupManifest.FileEntry f, OutputStream out, Progress progress)
            throws IOException {
        requireMatches(m, f, read(target, key(m, f), f, out, progress), target);
    }

    /** Ends after {@code limit} bytes: a hostile target's endless file is read no further. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private long left;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            left -= b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) {
            return 0; // callers read
        }
    }

    /** The size and SHA-256 of {@code f} as the target holds it now, read to nowhere. */
    static CountingDigest digest(BackupTarget target, BackupManifest m, BackupManifest.FileEntry f, Progress progress)
            throws IOException {
        return read(target, key(m, f), f, OutputStream.nullOutputStream(), progress);
    }

    static String key(BackupManifest m, BackupManifest.FileEntry f) {
        return BackupLayout.key(m.instance(), m.backupId(), f.name());
    }

    /** Throws, naming the target, unless {@code got} is exactly what the manifest states for {@code f}. */
    static void requireMatches(BackupManifest m, BackupManifest.FileEntry f, CountingDigest got, BackupTarget target) {
        if (got.bytes() > f.size()) {
            throw new BackupException(ErrorKind.DAMAGED, "backup " + m.id() + " on " + target.uri() + " is damaged: " + f.name() + " is larger than the "
                    + f.size() + " bytes its manifest states (run 'hurdvm backup verify')");
        }
        if (!matches(f, got)) {
            throw new BackupException(ErrorKind.DAMAGED, "backup " + m.id() + " on " + target.uri() + " is damaged: " + f.name() + " has " + got.bytes()
                    + " bytes with sha256 " + got.sha256() + ", the manifest says " + f.size() + " bytes with sha256 " + f.sha256()
                    + " (run 'hurdvm backup verify')");
        }
    }

    static boolean matches(BackupManifest.FileEntry f, CountingDigest got) {
        return got.bytes() == f.size() && got.sha256().equals(f.sha256());
    }

    /** Copies at most one byte more than the manifest's size, hashing as it goes. */
    private static CountingDigest read(BackupTarget target, String key, BackupManifest.FileEntry f, OutputStream out,
                                       Progress progress) throws IOException {
        try (InputStream raw = target.open(key);
             HashingInputStream in = new HashingInputStream(raw, done -> progress.bytes(f.name(), done, f.size()))) {
            byte[] buf = new byte[BUFFER];
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
