package io.hurdvm.console;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A part of a log rotated by {@link RotatingLog} ({@code FILE.N} ... {@code FILE.1}, {@code FILE}), for
 * {@code hurdvm logs}: everything, narrowed by time ({@link #since}, through the {@link LogTimeIndex})
 * and by lines ({@link #lastLines}). The files are opened once, when selected: a rotation while
 * reading renames them, but the open channels still read the same bytes.
 */
public final class LogSelection implements Closeable {
    /** Rotated files looked for beyond the live one; far more than any keep setting. */
    private static final int MAX_ROTATED = 100;
    private static final int SCAN_BLOCK = 64 * 1024;

    /**
     * One file as opened: {@code path} is the name it had then, {@code fileKey} identifies it (a
     * rotation gives the name to a new file), {@code index} and {@code modified} tell when it was written.
     */
    public record OpenFile(Path path, FileChannel channel, Object fileKey, List<LogTimeIndex.Entry> index, Instant modified,
                           long size) {
    }

    /** Bytes {@code [from, to)} of one open file. */
    public record Segment(OpenFile file, long from, long to) {
        long length() {
            return to - from;
        }

        FileChannel channel() {
            return file.channel();
        }
    }

    private final Path log;
    private final List<Segment> segments;
    private final List<OpenFile> files;

    private LogSelection(Path log, List<Segment> segments, List<OpenFile> files) {
        this.log = log;
        this.segments = List.copyOf(segments);
        this.files = files;
    }

    /** All of {@code log} and its rotated files, oldest first, as far as they exist now. */
    public static LogSelection all(Path log) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = MAX_ROTATED; i >= 0; i--) {
            Path p = RotatingLog.rotated(log, i);
            if (i == 0 || Files.exists(p)) {
                files.add(p);
            }
        }
        List<Segment> segments = new ArrayList<>();
        List<OpenFile> opened = new ArrayList<>();
        for (Path p : files) {
            try {
                FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                OpenFile f = new OpenFile(p, ch, fileKey(p), LogTimeIndex.read(p), lastModified(p), ch.size());
                opened.add(f);
                segments.add(new Segment(f, 0, f.size()));
            } catch (NoSuchFileException e) {
                // rotated away (or no log yet): nothing to read there
            }
        }
        return new LogSelection(log, segments, opened);
    }

    /** The live file as opened, if there was one: {@code hurdvm logs --follow} goes on from its size then. */
    public Optional<OpenFile> live() {
        return files.stream().filter(f -> f.path().equals(log)).findFirst();
    }

    static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    public List<Segment> segments() {
        return segments;
    }

    /** What was written at or after {@code time}, as far as the time index can tell (see {@link LogTimeIndex#startOffset}). */
    public LogSelection since(Instant time) throws IOException {
        List<Segment> kept = new ArrayList<>();
        for (Segment s : segments) {
            long start = Math.max(s.from(), LogTimeIndex.startOffset(s.file().index(), time, s.to(), s.file().modified()));
            if (start < s.to()) {
                kept.add(new Segment(s.file(), start, s.to()));
            }
        }
        return new LogSelection(log, kept, files);
    }

    /** The last {@code n} lines, as {@code tail -n}: a final line without a newline counts. */
    public LogSelection lastLines(int n) throws IOException {
        if (n <= 0) {
            return new LogSelection(log, List.of(), files);
        }
        boolean skippedFinalNewline = false;
        int newlines = 0;
        ByteBuffer block = ByteBuffer.allocate(SCAN_BLOCK);
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment s = segments.get(i);
            for (long end = s.to(); end > s.from(); ) {
                long start = Math.max(s.from(), end - SCAN_BLOCK);
                readFully(s.channel(), block.clear().limit((int) (end - start)), start);
                for (int j = (int) (end - start) - 1; j >= 0; j--) {
                    if (block.get(j) != '\n') {
                        skippedFinalNewline = true; // the last line has content: later newlines all count
                        continue;
                    }
                    if (!skippedFinalNewline) {
                        skippedFinalNewline = true; // the newline ending the last line does not start one
                        continue;
                    }
                    if (++newlines == n) {
                        List<Segment> kept = new ArrayList<>();
                        kept.add(new Segment(s.file(), start + j + 1, s.to()));
                        kept.addAll(segments.subList(i + 1, segments.size()));
                        return new LogSelection(log, kept.stream().filter(k -> k.length() > 0).toList(), files);
                    }
                }
                end = start;
            }
        }
        return this;
    }

    /** Copies the selected bytes, in order, to {@code out}. */
    public void copyTo(OutputStream out) throws IOException {
        byte[] buf = new byte[SCAN_BLOCK];
        for (Segment s : segments) {
            copy(s.channel(), s.from(), s.to(), out, buf);
        }
        out.flush();
    }

    /** Copies {@code [from, to)} of {@code ch}; returns where it stopped (short of {@code to} if the file is shorter). */
    static long copy(FileChannel ch, long from, long to, OutputStream out, byte[] buf) throws IOException {
        long pos = from;
        while (pos < to) {
            int n = ch.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, to - pos)), pos);
            if (n <= 0) {
                break;
            }
            out.write(buf, 0, n);
            pos += n;
        }
        return pos;
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        long pos = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, pos);
            if (n < 0) {
                throw new IOException("log file shrank while being read");
            }
            pos += n;
        }
    }

    private static Instant lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.now(); // unknown: count it as recent, so it is shown rather than hidden
        }
    }

    @Override
    public void close() throws IOException {
        for (OpenFile f : files) {
            f.channel().close();
        }
    }
}
