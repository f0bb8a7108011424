package io.hurdvm.image;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** A one-line bar redrawn in place with {@code \r}: percentage, bytes, rate and ETA. */
public final class TerminalProgressBar implements ProgressReporter {
    private static final int WIDTH = 30;
    /** Redrawing faster than the eye reads only costs terminal bandwidth. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private String label = "";
    private long total;
    private long started;
    private long lastDraw;
    private long done;

    public TerminalProgressBar(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public void start(String label, long totalBytes) {
        this.label = label;
        this.total = totalBytes;
        this.started = nanoTime.getAsLong();
        this.lastDraw = Long.MIN_VALUE;
        this.done = 0;
        draw();
    }

    @Override
    public void advance(long doneBytes) {
        this.done = doneBytes;
        if (nanoTime.getAsLong() - lastDraw >= REDRAW_NANOS) {
            draw();
        }
    }

    @Override
    public void finish() {
        draw();
        out.println();
        out.flush();
    }

    /** Leaves the bar where it stopped and moves to a new line for the error message. */
    @Override
    public void abort() {
        draw();
        out.println();
        out.flush();
    }

    private void draw() {
        long now = nanoTime.getAsLong();
        lastDraw = now;
        ProgressSnapshot s = new ProgressSnapshot(done, total, now - started);
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
    }
}
