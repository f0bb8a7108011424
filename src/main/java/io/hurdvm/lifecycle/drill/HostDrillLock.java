package io.hurdvm.lifecycle.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.storage.backup.BackupBusyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One restore drill at a time on a host: a drill boots a whole second guest, and two at once could
 * starve the guests that do real work. An OS file lock on {@code HURDVM_HOME/drill.lock} (dropped by
 * the kernel when the holder dies) plus a lock in this JVM (file locks do not exclude threads).
 *
 * <p>The file also says who holds it and which throwaway instance that drill has made: written before
 * the instance is created and cleared once it is removed. A drill killed in between leaves the name
 * behind, and since only the lock holder ever drills, the next holder knows that instance is a
 * leftover and removes it ({@link #leftover()}).
 */
final class HostDrillLock implements AutoCloseable {
    static final String FILE = "drill.lock";
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final Duration POLL = Duration.ofMillis(200);

    /** What the lock file holds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Holder(long pid, String instance, String throwaway) {
    }

    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<String> leftover;
    private final String instance;

    private HostDrillLock(FileChannel channel, FileLock lock, Optional<String> leftover, String instance) {
        this.channel = channel;
        this.lock = lock;
        this.leftover = leftover;
        this.instance = instance;
    }

    /**
     * Waits up to {@code wait} for the host's drill lock.
     *
     * @throws BackupBusyException naming the drill that holds it when it is still taken after {@code wait}
     */
    static HostDrillLock acquire(Path home, String instance, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Path file = home.resolve(FILE);
        if (!IN_PROCESS.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw busy(file, wait);
        }
        try {
            FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock l;
            while ((l = ch.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    ch.close();
                    throw busy(file, wait);
                }
                Thread.sleep(POLL.toMillis());
            }
            HostDrillLock held = new HostDrillLock(ch, l, read(ch).map(Holder::throwaway), instance);
            held.write(new Holder(ProcessHandle.current().pid(), instance, held.leftover.orElse(null)));
            return held;
        } catch (IOException e) {
            IN_PROCESS.unlock();
            throw new UncheckedIOException("cannot lock " + file + " for a restore drill: " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            IN_PROCESS.unlock();
            throw e;
        }
    }

    private static BackupBusyException busy(Path file, Duration wait) {
        String holder;
        try {
            holder = java.nio.file.Files.readString(file).strip();
        } catch (IOException e) {
            holder = "unknown";
        }
        return new BackupBusyException("another restore drill has run on this host for more than " + wait.toMinutes()
                + " minutes (" + holder + "); drills run one at a time, this one runs again at its next time");
    }

    private static Optional<Holder> read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(buf, 0);
        if (buf.position() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonFiles.MAPPER.readValue(buf.array(), 0, buf.position(), Holder.class));
        } catch (IOException e) {
            return Optional.empty(); // an older or damaged file names no leftover
        }
    }

    /** The throwaway instance a killed earlier drill left, if any: this holder removes it. */
    Optional<String> leftover() {
        return leftover;
    }

    /** Records the throwaway instance this drill makes (before it exists), or none once it is gone. */
    void recordThrowaway(String throwaway) {
        write(new Holder(ProcessHandle.current().pid(), instance, throwaway));
    }

    private void write(Holder h) {
        try {
            byte[] json = JsonFiles.MAPPER.writeValueAsBytes(h);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(json), 0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            IN_PROCESS.unlock();
        }
    }
}
