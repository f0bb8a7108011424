package io.hurdvm.instance;

import io.hurdvm.time.Deadline;
import io.hurdvm.time.Backoff;
import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.vm.InstanceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One changing operation per instance at a time, across processes: CLI and API {@code up}, {@code down},
 * {@code rm}, snapshot and restore hold it while they work. A file lock under
 * {@code HURDVM_HOME/instances/.locks/} (the kernel drops it when the holder dies, so it never goes
 * stale) plus a lock inside this JVM (file locks do not exclude threads of one process, e.g. the
 * daemon's request threads). The lock file names its holder, so a caller that must wait is told who.
 */
public final class InstanceLock implements AutoCloseable {
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private InstanceLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Takes the lock of {@code name} for {@code operation} (e.g. "up"), waiting up to {@code wait}.
     *
     * @throws InstanceBusyException naming the holder when it is still taken after {@code wait}
     */
    public static InstanceLock acquire(Path instancesDir, InstanceName name, String operation, Duration wait) {
        Path file = lockFile(instancesDir, name);
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        Deadline deadline = Deadline.after(wait);
        try {
            if (!threadLock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy(name, file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceBusyException("interrupted while waiting for instance " + name);
        }
        try {
            FileChannel channel = open(file);
            FileLock fileLock = waitForFileLock(channel, deadline);
            if (fileLock == null) {
                channel.close();
                throw busy(name, file);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + operation + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new InstanceLock(threadLock, channel, fileLock);
        } catch (IOException e) {
            threadLock.unlock();
            throw new UncheckedIOException("cannot lock instance " + name + " (" + file + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            threadLock.unlock();
            throw e;
        }
    }

    private static FileLock waitForFileLock(FileChannel channel, Deadline deadline) throws IOException {
        Backoff backoff = Backoff.local(); // another process holds it; file locks cannot notify waiters
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || deadline.passed()) {
                return lock;
            }
            try {
                backoff.pause(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        PrivateDirectory.ensureOwned(file.getParent());
        return FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    static Path lockFile(Path instancesDir, InstanceName name) {
        return instancesDir.resolve(".locks").resolve(name.value() + ".lock");
    }

    private static InstanceBusyException busy(InstanceName name, Path file) {
        String holder = "";
        try {
            String[] who = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ", 2);
            if (who.length == 2) {
                holder = ": '" + who[1] + "' (pid " + who[0] + ") is working on it";
            }
        } catch (IOException | RuntimeException e) {
            // no holder to name
        }
        return new InstanceBusyException("instance " + name + " is busy" + holder + "; retry when it has finished");
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        } finally {
            threadLock.unlock();
        }
    }
}
