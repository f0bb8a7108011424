package io.hurdvm.cli;

import io.hurdvm.lifecycle.UpProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows a boot while {@code up} waits. On a terminal: one line redrawn in place with the phase, the
 * seconds so far and the supervisor's last word. Otherwise (CI logs): one line per phase change, so a
 * log shows where a slow boot spent its time without a line per second.
 */
final class BootProgressPrinter implements Consumer<UpProgress> {
    private static final int WIDTH = 100;
    private final PrintWriter err;
    private final boolean terminal;
    private String lastPhase;
    private boolean lineOpen;

    BootProgressPrinter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void accept(UpProgress p) {
        if (terminal) {
            String line = String.format(Locale.ROOT, "hurdvm: %-10s %4ds  %s", p.phase(), p.elapsed().toSeconds(),
                    p.message() == null ? "" : p.message());
            line = line.length() > WIDTH ? line.substring(0, WIDTH - 1) + "…" : line;
            // \r and erase-to-end-of-line: the shorter new text must not leave the old one's tail behind.
            err.print("\r" + line + "\u001b[K");
            lineOpen = true;
        } else if (!p.phase().equals(lastPhase)) {
            boolean says = p.message() != null && !p.message().equalsIgnoreCase(p.phase());
            err.printf(Locale.ROOT, "hurdvm: %s after %.1fs%s%n", p.phase(), p.elapsed().toMillis() / 1000.0,
                    says ? " (" + p.message() + ")" : "");
        }
        lastPhase = p.phase();
        err.flush();
    }

    /** Ends the redrawn line, so what follows starts on a line of its own. */
    void finish() {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }
}
