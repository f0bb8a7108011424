package io.hurdvm.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** A one-line bar redrawn in place with {@code \r}: percentage, bytes, rate and ETA. */
public final class TerminalBar extends TimedProgress {
    private static final int WIDTH = 30;
    /** Redrawing faster than the eye reads only costs terminal bandwidth. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private long lastDraw;
    /** A bar is drawn and its line not ended yet. */
    private boolean midLine;

    public TerminalBar(PrintWriter out, LongSupplier nanoTime) {
        super(out, nanoTime);
    }

    @Override
    void started() {
        draw();
    }

    @Override
    void advanced() {
        if (nanoTime.getAsLong() - lastDraw >= REDRAW_NANOS) {
            draw();
        }
    }

    /** A step goes on a line of its own, below a bar left unfinished. */
    @Override
    public void step(String message) {
        if (midLine) {
            out.println();
            midLine = false;
        }
        out.println(message);
        out.flush();
    }

    @Override
    public void finish() {
        endLine();
    }

    private void endLine() {
        draw();
        out.println();
        out.flush();
        midLine = false;
    }

    private void draw() {
        lastDraw = nanoTime.getAsLong();
        ProgressSnapshot s = snapshot();
        String bar;
        if (s.totalKnown()) {
            int filled = s.percent() * WIDTH / 100;
            bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", s.percent());
        } else {
            bar = "[" + "?".repeat(WIDTH) + "]";
        }
        // trailing spaces wipe leftovers of a longer previous line
        out.print("\r" + label + " " + bar + " " + s.describe() + "    ");
        out.flush();
        midLine = true;
    }
}
