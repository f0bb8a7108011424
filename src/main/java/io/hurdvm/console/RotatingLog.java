package io.hurdvm.console;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The guest's console output on disk: {@code console.log}, rotated by size into {@code console.log.1}
 * (newest) ... {@code console.log.N} (oldest), keeping {@code keep} rotated files.
 *
 * <p>Writes go straight to the file channel without a user-space buffer, so {@code hurdvm logs --follow}
 * (a reader tailing the file) sees each chunk as soon as the guest printed it. The serial port carries at
 * most ~11 KiB/s, so a system call per chunk costs nothing worth buffering for.
 *
 * <p>A file never grows beyond {@code maxBytes}: a chunk that does not fit in the current file starts a new
 * one (chunks are not split across files unless one chunk alone is larger than {@code maxBytes}).
 * Thread-safe. An existing {@code console.log} is appended to, so supervisor restarts keep history.
 *
 * <p>With a time index ({@link LogTimeIndex}, {@code console.log.idx}) each file has a side file noting
 * when its bytes were written, rotated along with it ({@code console.log.1.idx} ...).
 */
public final class RotatingLog implements Closeable {
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_KEEP = 5;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    /** Null when the log keeps no time index. */
    private final Clock indexClock;
    private FileChannel channel;
    private LogTimeIndex index;
    private long size;

    public RotatingLog(Path file, long maxBytes, int keep) throws IOException {
        this(file, maxBytes, keep, null);
    }

    /**
     * @param indexClock when not null, a {@link LogTimeIndex} ({@code FILE.idx}, rotated with the log) records
     *                   when bytes were written, by this clock, so that readers can select by time
     */
    public RotatingLog(Path file, long maxBytes, int keep, Clock indexClock) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("console log size limit must be >= 1 byte, got " + maxBytes);
        }
        if (keep < 0) {
            throw new IllegalArgumentException("number of rotated console logs to keep must be >= 0, got " + keep);
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.indexClock = indexClock;
        openCurrent();
    }

    /** {@code console.log} with the defaults: 4 MiB per file, 5 rotated files, a time index (for {@code logs --since}). */
    public static RotatingLog open(Path file) throws IOException {
        return new RotatingLog(file, DEFAULT_MAX_BYTES, DEFAULT_KEEP, Clock.systemUTC());
    }

    public synchronized void append(byte[] data, int offset, int length) throws IOException {
        if (channel == null) {
            throw new IOException("console log " + file + " is closed");
        }
        int written = 0;
        while (written < length) {
            if (size > 0 && (size + Math.min(length - written, maxBytes) > maxBytes || (index != null && index.full()))) {
                rotate();
            }
            if (index != null) {
                index.note(size, indexClock.instant());
            }
            int n = (int) Math.min(length - written, maxBytes - size);
            writeFully(ByteBuffer.wrap(data, offset + written, n));
            written += n;
        }
    }

    public void append(byte[] data) throws IOException {
        append(data, 0, data.length);
    }

    /** The path of rotated file {@code index} (1 = newest); index 0 is the live file. */
    public Path rotated(int index) {
        return rotated(file, index);
    }

    /** The path of {@code file}'s rotated file {@code index} (1 = newest); index 0 is the live file. */
    public static Path rotated(Path file, int index) {
        return index == 0 ? file : file.resolveSibling(file.getFileName() + "." + index);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        if (index != null) {
            index.close();
            index = null;
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            size += channel.write(buffer);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        channel = null;
        if (index != null) {
            index.close();
            index = null;
        }
        if (keep == 0) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(LogTimeIndex.of(file));
        } else {
            Files.deleteIfExists(rotated(keep));
            Files.deleteIfExists(LogTimeIndex.of(rotated(keep)));
            for (int i = keep - 1; i >= 0; i--) {
                move(rotated(i), rotated(i + 1));
                move(LogTimeIndex.of(rotated(i)), LogTimeIndex.of(rotated(i + 1)));
            }
        }
        openCurrent();
    }

    private static void move(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void openCurrent() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        if (indexClock != null) {
            // An index at most an eighth of the log: see LogTimeIndex on when that matters.
            index = LogTimeIndex.open(file, Math.max(1024, maxBytes / 8));
        }
    }
}
