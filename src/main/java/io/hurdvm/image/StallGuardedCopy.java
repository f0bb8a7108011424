package io.hurdvm.image;

import io.hurdvm.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a response body to a file. The JDK client's request timeout ends when headers arrive, so a
 * watchdog closes the body when no byte came for {@code readTimeout}; the blocked read then returns
 * and the stall is reported as such instead of hanging forever.
 */
final class StallGuardedCopy {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hurdvm-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long timeoutNanos;

    StallGuardedCopy(Duration readTimeout) {
        this.timeoutNanos = readTimeout.toNanos();
    }

    void copy(InputStream body, FileChannel out, ResponseRange range, Progress progress, URI uri)
            throws Downloader.TransferInterrupted {
        AtomicLong lastRead = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4);
        ScheduledFuture<?> watch = WATCHDOG.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastRead.get() > timeoutNanos && !stalled.getAndSet(true)) {
                closeQuietly(body);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long pos = range.start();
        progress.start("download " + uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1), range.total());
        progress.advance(pos);
        boolean complete = false;
        try {
            byte[] buf = new byte[1 << 18];
            for (int n; (n = read(body, buf, stalled, pos, range)) >= 0; ) {
                lastRead.set(System.nanoTime());
                write(out, ByteBuffer.wrap(buf, 0, n));
                pos += n;
                progress.advance(pos);
            }
            if (stalled.get()) {
                throw stall(pos, range);
            }
            if (range.total() >= 0 && pos != range.total()) {
                throw new Downloader.TransferInterrupted("connection closed after " + pos + " of " + range.total() + " bytes", null);
            }
            complete = true;
        } finally {
            watch.cancel(false);
            if (complete) {
                progress.finish();
            } else {
                progress.abort();
            }
        }
    }

    private int read(InputStream body, byte[] buf, AtomicBoolean stalled, long pos, ResponseRange range)
            throws Downloader.TransferInterrupted {
        try {
            int n = body.read(buf);
            if (stalled.get()) {
                throw stall(pos, range);
            }
            return n;
        } catch (IOException e) {
            if (stalled.get()) {
                throw stall(pos, range);
            }
            throw new Downloader.TransferInterrupted("connection lost after " + pos + " of "
                    + (range.total() < 0 ? "?" : range.total()) + " bytes (" + Downloader.describe(e) + ")", e);
        }
    }

    private Downloader.TransferInterrupted stall(long pos, ResponseRange range) {
        return Downloader.TransferInterrupted.timedOut("no data received for " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                + " s (read timeout) after " + pos + " of " + (range.total() < 0 ? "?" : range.total()) + " bytes", null);
    }

    private static void write(FileChannel out, ByteBuffer data) {
        try {
            while (data.hasRemaining()) {
                out.write(data);
            }
        } catch (IOException e) {
            throw ImageException.writeFailed("downloading", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader sees the stall flag either way
        }
    }
}
