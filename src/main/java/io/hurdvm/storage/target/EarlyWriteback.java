package io.hurdvm.storage.target;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Has the kernel write a large file to disk while it is still being written: after every
 * {@link #STEP} bytes a background thread calls {@code fdatasync} ({@link FileChannel#force}), at
 * most one at a time. The fsync that makes a stored object count then waits for the last stretch
 * only instead of the whole file, a backup's disk image written at page-cache speed: meanwhile the
 * writer goes on encrypting and writing on the other core. A failed background sync is kept and
 * thrown by {@link #finish}: Linux reports a write-back error to one fsync only, so the final
 * {@code force} could succeed after it and a damaged object would count as stored.
 */
final class EarlyWriteback {
    static final long STEP = 32L << 20;
    private final FileChannel channel;
    private long next = STEP;
    private Thread running;
    private int started;
    private volatile IOException failed;

    EarlyWriteback(FileChannel channel) {
        this.channel = channel;
    }

    /** The writer has written {@code done} bytes so far. */
    void wrote(long done) {
        if (done < next || running != null && running.isAlive()) {
            return;
        }
        next = done + STEP;
        started++;
        running = Thread.ofPlatform().name("early-writeback").daemon().start(this::sync);
    }

    private void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            failed = e;
        } catch (RuntimeException e) {
            failed = new IOException("background sync failed: " + e.getMessage(), e);
        }
    }

    /** Background syncs started so far. */
    int started() {
        return started;
    }

    /**
     * Waits for a background sync still running, so the final one starts with what it left, and
     * throws what a background sync failed with.
     */
    void finish() throws IOException {
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the disk");
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
