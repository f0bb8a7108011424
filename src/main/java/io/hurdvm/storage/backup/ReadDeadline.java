package io.hurdvm.storage.backup;

import io.hurdvm.config.SizeParser;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.storage.nbd.NbdClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Bounds an online backup's read of the disk by its {@code --timeout}: NBD reads have no deadline of
 * their own, so a QEMU that stops answering would hang the backup (and, in a supervisor, its
 * schedule). At the deadline the connection is aborted, the blocked read fails, and
 * {@link #explain} turns that failure into a timeout rather than a broken connection.
 */
final class ReadDeadline implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Duration timeout;
    private volatile boolean passed;

    ReadDeadline(NbdClient connection, Duration timeout) {
        this.timeout = timeout;
        Thread.ofPlatform().daemon().name("backup-read-deadline").start(() -> {
            try {
                if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    passed = true;
                    connection.abort();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** What to throw for {@code failure} of the read: a timeout if the deadline ended it, else itself. */
    RuntimeException explain(RuntimeException failure, String what) {
        if (!passed) {
            return failure;
        }
        return new BackupException(ErrorKind.TIMEOUT, what + " did not finish within " + SizeParser.human(timeout)
                + " (--timeout): QEMU stopped answering the read of its disk; nothing was stored", failure);
    }

    /** The read ended (well or not) before the deadline: the watch stops. */
    @Override
    public void close() {
        finished.countDown();
    }
}
