package io.hurdvm.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recent console output of the current boot (epoch) in memory, bounded to {@code capacity} characters
 * (older text is dropped from the front), and waitable: {@link #awaitPattern} blocks on a condition
 * that every {@link #append} signals, so a waiter sees new output at once without polling.
 *
 * <p>An epoch is one QEMU process: {@link #startEpoch()} forgets the previous boot's text, so patterns
 * never match output of a boot that has already died.
 */
public final class ConsoleBuffer {
    public static final int DEFAULT_CAPACITY = 256 * 1024;
    /**
     * After the first full scan, a waiter rescans only new text plus this much before it. A match that
     * ends in new output but starts further back is not found; console patterns are line-sized.
     */
    static final int RESCAN_OVERLAP = 4096;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder text = new StringBuilder();
    /** Characters of the current epoch dropped from the front: absolute offset of text[0]. */
    private long dropped;
    private long epoch;

    public ConsoleBuffer(int capacity) {
        if (capacity < 1024) {
            throw new IllegalArgumentException("console buffer capacity must be >= 1024 characters, got " + capacity);
        }
        this.capacity = capacity;
    }

    public ConsoleBuffer() {
        this(DEFAULT_CAPACITY);
    }

    /** A new boot begins (QEMU (re)started): the previous boot's text is forgotten. */
    public void startEpoch() {
        lock.lock();
        try {
            text.setLength(0);
            dropped = 0;
            epoch++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void append(CharSequence chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            text.append(chunk);
            // Trim in batches of a quarter capacity: deleting from the front copies the whole buffer.
            if (text.length() > capacity + capacity / 4) {
                int excess = text.length() - capacity;
                text.delete(0, excess);
                dropped += excess;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until text of the current epoch matches {@code pattern} ({@link Matcher#find()}), or until
     * {@code deadline}. Text already present counts. Returns at once when it already matches, even if
     * the deadline has passed. If a new epoch starts meanwhile, the search continues in the new one.
     */
    public boolean awaitPattern(Pattern pattern, Instant deadline) throws InterruptedException {
        long scannedEpoch = -1;
        long scannedTo = 0;
        while (true) {
            String candidate;
            long end;
            lock.lock();
            try {
                while (scannedEpoch == epoch && dropped + text.length() == scannedTo) {
                    long waitNanos = Duration.between(Instant.now(), deadline).toNanos();
                    if (waitNanos <= 0) {
                        return false;
                    }
                    changed.awaitNanos(waitNanos);
                }
                int from = scannedEpoch == epoch ? (int) Math.max(0, scannedTo - RESCAN_OVERLAP - dropped) : 0;
                candidate = text.substring(from);
                end = dropped + text.length();
                scannedEpoch = epoch;
            } finally {
                lock.unlock();
            }
            // Match outside the lock: the serial reader must never wait for a slow regex.
            if (pattern.matcher(candidate).find()) {
                return true;
            }
            scannedTo = end;
        }
    }

    /** The last {@code n} lines of the current epoch as plain text (escape sequences and CRs removed). */
    public List<String> lastLines(int n) {
        if (n <= 0) {
            return List.of();
        }
        String tail;
        lock.lock();
        try {
            int end = text.length();
            if (end > 0 && text.charAt(end - 1) == '\n') {
                end--; // a finished last line is not followed by an empty one
            }
            int start = end;
            for (int lines = 0; start > 0; start--) {
                if (text.charAt(start - 1) == '\n' && ++lines == n) {
                    break;
                }
            }
            tail = text.substring(start, end);
        } finally {
            lock.unlock();
        }
        if (tail.isEmpty()) {
            return List.of();
        }
        List<String> lines = Arrays.asList(AnsiText.strip(tail).split("\n", -1));
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** All retained text of the current epoch, as the guest printed it (escape sequences included). */
    public String sinceEpoch() {
        lock.lock();
        try {
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code maxChars} of the newest text, starting at a line boundary when one lies within that
     * range, so that a console client attaching late sees the current prompt without a torn line.
     */
    public String tail(int maxChars) {
        lock.lock();
        try {
            int start = Math.max(0, text.length() - maxChars);
            if (start > 0) {
                int newline = text.indexOf("\n", start);
                if (newline >= 0 && newline + 1 < text.length()) {
                    start = newline + 1;
                }
            }
            return text.substring(start);
        } finally {
            lock.unlock();
        }
    }

    /** Number of the current epoch: 0 before the first {@link #startEpoch()}, then 1, 2, ... */
    public long epoch() {
        lock.lock();
        try {
            return epoch;
        } finally {
            lock.unlock();
        }
    }
}
