package io.hurdvm.storage.target;

import java.util.function.LongSupplier;

/**
 * Keeps a transfer at or below a byte rate: told of progress on the transferring thread (after each
 * buffer or multipart part), it first passes the news on, then sleeps for as long as the transfer is
 * ahead of the rate. A copy to a remote site thereby leaves the uplink to everyone else; the pace is
 * kept on average over the whole object, at the granularity the target reports (1 MiB for a directory,
 * one part for S3).
 */
public final class RateLimitedListener implements TransferListener {
    private final TransferListener next;
    private final long bytesPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final long startNanos;

    /** Sleeps for a number of nanoseconds; the JDK's in production, a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    RateLimitedListener(TransferListener next, long bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a rate limit must be positive, not " + bytesPerSecond);
        }
        this.next = next;
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.startNanos = nanoClock.getAsLong();
    }

    /** For one object, created as its transfer starts; {@code next} unchanged when {@code bytesPerSecond} is 0 (no limit). */
    public static TransferListener of(TransferListener next, long bytesPerSecond) {
        return bytesPerSecond == 0 ? next : new RateLimitedListener(next, bytesPerSecond, System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    @Override
    public void transferred(String name, long doneBytes, long totalBytes) {
        long now = nanoClock.getAsLong();
        next.transferred(name, doneBytes, totalBytes);
        long due = startNanos + (long) (doneBytes * 1e9 / bytesPerSecond);
        if (due > now) {
            try {
                sleeper.sleep(due - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupTargetException(BackupTargetException.Reason.OTHER, "transfer of " + name + " interrupted", e);
            }
        }
    }
}
