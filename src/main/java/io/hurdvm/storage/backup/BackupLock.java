package io.hurdvm.storage.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * One backup operation per instance at a time (an OS file lock, so a killed process releases it).
 * Cleaning up leftovers is only safe while holding it: otherwise a running backup's half-uploaded
 * folder would look like an interrupted one.
 */
final class BackupLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private BackupLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Where the instance no longer exists locally (pruning backups of a removed instance) there is nothing to lock. */
    static BackupLock acquire(Path instanceDir, String instance) {
        if (!java.nio.file.Files.isDirectory(instanceDir)) {
            return new BackupLock(null, null);
        }
        try {
            FileChannel ch = FileChannel.open(instanceDir.resolve("backup.lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new BackupBusyException("another backup operation on " + instance + " is running; wait for it to finish");
            }
            return new BackupLock(ch, l);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + instanceDir + " for backup: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
