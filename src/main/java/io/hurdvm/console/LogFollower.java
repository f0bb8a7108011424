package io.hurdvm.console;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@code hurdvm logs --follow}: copies what another process appends to a {@link RotatingLog}, across
 * rotations. The follower keeps the file it reads open and knows it by its file key. When the log's
 * name belongs to another file, its own file is finished (a rotation closes it first), so it reads the
 * rest through the open channel and steps to the next newer file: the one rotated right after it,
 * found again by key however many rotations passed since the last poll, else the live file. Nothing is
 * lost or shown twice unless more files rotated than are kept.
 */
public final class LogFollower {
    private static final int MAX_ROTATED = 100;
    private static final int MAX_TRIES = 10;

    private final Path log;
    private final OutputStream out;
    private final Duration pollInterval;
    private final byte[] buf = new byte[64 * 1024];
    private FileChannel channel;
    private Object fileKey;
    private long position;

    /** An open file and the key it had when opened. */
    private record Opened(FileChannel channel, Object key) {
    }

    /**
     * @param from the live file as a {@link LogSelection} opened it (or null when there was none): following
     *             starts at its size then, right after what the selection printed. Its channel is read, so
     *             the selection must stay open while following.
     */
    public LogFollower(Path log, LogSelection.OpenFile from, OutputStream out, Duration pollInterval) {
        this.log = log;
        this.out = out;
        this.pollInterval = pollInterval;
        if (from != null) {
            channel = from.channel();
            fileKey = from.fileKey();
            position = from.size();
        }
    }

    /** Copies new output until {@code keepGoing} turns false, then what is left. */
    public void follow(BooleanSupplier keepGoing) throws IOException, InterruptedException {
        while (keepGoing.getAsBoolean()) {
            if (!drain()) {
                // Polling is the honest way to follow a file another process writes and rotates:
                // this is a poll interval, not a synchronisation.
                Thread.sleep(pollInterval);
            }
        }
        drain();
    }

    /** Copies what is new; true if anything was. */
    boolean drain() throws IOException {
        boolean any = false;
        for (int steps = 0; steps <= MAX_ROTATED + 1; steps++) {
            any |= copyRest();
            Object live = keyOf(log);
            if (live == null || Objects.equals(live, fileKey)) {
                return any;
            }
            // Ours is no longer the live file: a rotation closed it, so what was appended to it between
            // the copy above and the rotation is all there is left in it.
            any |= copyRest();
            Opened next = nextAfter(fileKey);
            if (next == null) {
                return any; // between a rotation's rename and the new file: the next poll finds it
            }
            if (channel != null) {
                channel.close();
            }
            channel = next.channel();
            fileKey = next.key();
            position = 0;
        }
        return any;
    }

    private boolean copyRest() throws IOException {
        if (channel == null) {
            return false;
        }
        long before = position;
        position = LogSelection.copy(channel, position, Long.MAX_VALUE, out, buf);
        out.flush();
        return position > before;
    }

    /**
     * The file written after the one with {@code oldKey}: the rotated file just newer than it, or the
     * live file; when that one is gone (or there was none), the oldest file there is. Retried if a
     * rotation moves the names while it is being opened.
     */
    private Opened nextAfter(Object oldKey) throws IOException {
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            int oldIndex = indexOf(oldKey);
            int nextIndex = oldIndex > 0 ? oldIndex - 1 : oldest();
            Path next = RotatingLog.rotated(log, nextIndex);
            Object before = keyOf(next);
            if (before == null) {
                continue;
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(next, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                continue;
            }
            boolean unmoved = Objects.equals(keyOf(next), before)
                    && (oldIndex <= 0 || Objects.equals(keyOf(RotatingLog.rotated(log, oldIndex)), oldKey));
            if (unmoved) {
                return new Opened(ch, before);
            }
            ch.close();
        }
        return null;
    }

    /** Which rotated file has {@code key}; 0 if none does. */
    private int indexOf(Object key) throws IOException {
        if (key == null) {
            return 0;
        }
        for (int k = 1; k <= MAX_ROTATED; k++) {
            if (Objects.equals(keyOf(RotatingLog.rotated(log, k)), key)) {
                return k;
            }
        }
        return 0;
    }

    /** The index of the oldest rotated file, 0 (the live file) if there is none. */
    private int oldest() throws IOException {
        for (int k = MAX_ROTATED; k >= 1; k--) {
            if (keyOf(RotatingLog.rotated(log, k)) != null) {
                return k;
            }
        }
        return 0;
    }

    private static Object keyOf(Path p) throws IOException {
        try {
            return LogSelection.fileKey(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
