package io.hurdvm.progress;

import io.hurdvm.config.ByteSize;
import java.io.PrintWriter;

/**
 * The backups' progress on stderr: each step on a line of its own, and per file a compact bar
 * ({@code name [###   ] 42% 1.2 MiB / 3.0 MiB}). On a terminal the bar is redrawn in place; otherwise
 * (logs, CI) it is printed as a plain line every 10 % so the output stays readable.
 */
public final class CompactBar implements Progress {
    private static final int BAR = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private String current = "";
    private int lastDecile = -1;
    private boolean midLine;

    private long total = -1;

    public CompactBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void step(String message) {
        endLine();
        err.println(message);
        err.flush();
        lastDecile = -1;
    }

    @Override
    public synchronized void bytes(String what, long done, long total) {
        if (!what.equals(current)) {
            current = what;
            lastDecile = -1;
        }
        if (total <= 0) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        String line = "  " + what + " [" + "#".repeat(percent * BAR / 100) + " ".repeat(BAR - percent * BAR / 100) + "] "
                + percent + "% " + ByteSize.human(done) + " / " + ByteSize.human(total);
        if (terminal) {
            err.print("\r" + line);
            midLine = true;
        } else if (percent / 10 != lastDecile) {
            lastDecile = percent / 10;
            err.println(line);
        }
        err.flush();
    }

    @Override
    public synchronized void start(String task, long totalBytes) {
        current = task;
        total = totalBytes;
        lastDecile = -1;
    }

    @Override
    public void advance(long doneBytes) {
        bytes(current, doneBytes, total);
    }

    /** Ends a bar's line, so whatever is printed next starts on a line of its own. */
    @Override
    public void finish() {
        endLine();
    }

    private void endLine() {
        if (midLine) {
            err.println();
            midLine = false;
        }
    }
}
