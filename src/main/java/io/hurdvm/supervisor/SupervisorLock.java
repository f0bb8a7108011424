package io.hurdvm.supervisor;

import io.hurdvm.instance.InstancePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Held by a supervisor for its whole life ({@code supervisor.lock}, an fcntl lock the kernel drops
 * when the process dies, however it dies): a second supervisor of the same instance cannot start, so
 * two QEMUs never run one disk, whatever raced to spawn them.
 */
final class SupervisorLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SupervisorLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Optional<SupervisorLock> tryAcquire(InstancePaths paths) {
        try {
            FileChannel channel = FileChannel.open(paths.dir().resolve("supervisor.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new SupervisorLock(channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + paths.dir().resolve("supervisor.lock") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
