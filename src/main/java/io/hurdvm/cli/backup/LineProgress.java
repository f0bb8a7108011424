package io.hurdvm.cli.backup;

import io.hurdvm.config.ByteSize;
import io.hurdvm.storage.backup.BackupProgress;
import java.io.PrintWriter;

/**
 * Progress on stderr. On a terminal one line is redrawn in place; otherwise (logs, CI) a plain
 * line every 10 % so the output stays readable.
 */
final class LineProgress implements BackupProgress {
    private static final int BAR = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private String current = "";
    private int lastDecile = -1;
    private boolean midLine;

    LineProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static LineProgress forStderr(PrintWriter err) {
        return new LineProgress(err, System.console() != null);
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

    void endLine() {
        if (midLine) {
            err.println();
            midLine = false;
        }
    }
}
