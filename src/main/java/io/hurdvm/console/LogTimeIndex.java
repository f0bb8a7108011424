package io.hurdvm.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the bytes of a log were written: a side file ({@code console.log.idx} beside {@code console.log},
 * rotated with it) of text lines {@code <epoch-millis> <byte-offset>}. The serial stream carries no
 * time, and a guest's own timestamps cannot be trusted, so the writer notes the time itself.
 *
 * <p>Rule: an entry is written before a write that starts a file, and before any write at least
 * {@link #GRANULARITY} after the previous entry. Hence every byte between two entries {@code (t, o)}
 * and the next was written in {@code [t, t + GRANULARITY)}; bytes before the first entry (a log that
 * existed before its index) were written before its time. {@link #startOffset} relies on this.
 *
 * <p>A torn last line (a crash mid-write) is ignored by readers, and the writer starts a new line
 * after it. At one entry per second of output the index stays small next to its log; the owner rotates
 * the log early should the index ever reach {@code maxBytes} (a guest printing one byte a second).
 */
final class LogTimeIndex implements AutoCloseable {
    static final long GRANULARITY_MILLIS = 1000;

    /** One entry: bytes from {@code offset} on were written at or after {@code millis}. */
    record Entry(long millis, long offset) {
    }

    private final Path file;
    private final long maxBytes;
    private FileChannel channel;
    private long size;
    private long lastMillis = Long.MIN_VALUE;

    private LogTimeIndex(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** The index of {@code log}: {@code console.log} -> {@code console.log.idx}. */
    static Path of(Path log) {
        return log.resolveSibling(log.getFileName() + ".idx");
    }

    /** Opens (appending to) the index of {@code log}; the first {@link #note} always writes an entry. */
    static LogTimeIndex open(Path log, long maxBytes) throws IOException {
        LogTimeIndex index = new LogTimeIndex(of(log), maxBytes);
        // Not APPEND (it excludes READ, needed to check the last byte): the one writer keeps the position.
        index.channel = FileChannel.open(index.file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        index.size = index.channel.size();
        if (index.size > 0 && !endsWithNewline(index.channel, index.size)) {
            index.write("\n"); // end a line torn by a crash: it stays unreadable alone, the rest stays sound
        }
        return index;
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) == '\n';
    }

    /** Called before {@code offset} (the log's size) receives bytes written {@code at}. */
    void note(long offset, Instant at) throws IOException {
        long millis = at.toEpochMilli();
        if (lastMillis != Long.MIN_VALUE && millis - lastMillis < GRANULARITY_MILLIS && millis >= lastMillis) {
            return;
        }
        write(millis + " " + offset + "\n");
        lastMillis = millis;
    }

    /** True once the index is as large as allowed: the owner should start a new log file. */
    boolean full() {
        return size >= maxBytes;
    }

    private void write(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            size += channel.write(b, size);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The entries of {@code log}'s index in file order; empty when it has none. Malformed lines are skipped. */
    static List<Entry> read(Path log) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(of(log), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (java.nio.charset.MalformedInputException e) {
            return List.of(); // not written by us
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            parse(line).ifPresent(entries::add);
        }
        return entries;
    }

    static Optional<Entry> parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 2) {
            return Optional.empty();
        }
        try {
            long millis = Long.parseLong(f[0]);
            long offset = Long.parseLong(f[1]);
            return offset < 0 ? Optional.empty() : Optional.of(new Entry(millis, offset));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The offset from which a log holds everything written at or after {@code since}: that of the first
     * entry that may cover such bytes (they are within one granularity of it), else the end. Where the
     * time of bytes is unknown the answer errs towards showing more: bytes before the first entry (a
     * log older than its index) count as recent when that entry does; a log without any entries counts
     * as written at its modification time (all of it or nothing).
     */
    static long startOffset(List<Entry> entries, Instant since, long logSize, Instant lastModified) {
        if (entries.isEmpty()) {
            return lastModified.isBefore(since) ? logSize : 0;
        }
        long cutoff = since.toEpochMilli() - GRANULARITY_MILLIS;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.millis() > cutoff) {
                return i == 0 ? 0 : Math.min(e.offset(), logSize);
            }
        }
        return logSize;
    }
}
