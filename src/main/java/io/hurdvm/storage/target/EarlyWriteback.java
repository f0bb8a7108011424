package io.hurdvm.storage.target;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Has the kernel write a large file to disk while it is still being written: after every
 * {@link #STEP} bytes a background thread calls {@code fdatasync} ({@link FileChannel#force}), at
 * most one at a time. The fsync that makes a stored object count then waits for the last stretch
 * only instead of the whole file, a backup's disk image written at page-cache speed: meanwhile the
 * writer goes on encrypting and writing on the other core. Only a head start: a failed background
 * sync is left to the final {@code force}, which reports it.
 */
final class EarlyWriteback {
    static final long STEP = 32L << 20;
    private final FileChannel channel;
    private long next = STEP;
    private Thread running;
    private int started;

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
        } catch (IOException | RuntimeException e) {
            // the final force reports what is wrong with the file
        }
    }

    /** Background syncs started so far. */
    int started() {
        return started;
    }

    /** Waits for a background sync still running, so the final one starts with what it left. */
    void finish() throws IOException {
        if (running == null) {
            return;
        }
        try {
            running.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the disk");
        }
    }
}
