package io.hurdvm.image;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress for logs and pipes: a whole line every {@value #STEP_PERCENT} % or every 5 s,
 * whichever comes first, so a log neither floods nor goes silent on a slow link.
 */
public final class PlainProgressLines implements ProgressReporter {
    static final int STEP_PERCENT = 10;
    private static final long INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private String label = "";
    private long total;
    private long started;
    private long lastLine;
    private int lastPercent;
    private long done;

    public PlainProgressLines(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public void start(String label, long totalBytes) {
        this.label = label;
        this.total = totalBytes;
        this.started = nanoTime.getAsLong();
        this.lastLine = started;
        this.lastPercent = 0;
        this.done = 0;
        line(label + ": started" + (totalBytes > 0 ? " (" + ProgressSnapshot.size(totalBytes) + ")" : ""));
    }

    @Override
    public void advance(long doneBytes) {
        done = doneBytes;
        long now = nanoTime.getAsLong();
        ProgressSnapshot s = new ProgressSnapshot(done, total, now - started);
        boolean stepReached = s.totalKnown() && s.percent() >= lastPercent + STEP_PERCENT && s.percent() < 100;
        if (stepReached || now - lastLine >= INTERVAL_NANOS) {
            print(s);
            lastLine = now;
            lastPercent = s.totalKnown() ? s.percent() / STEP_PERCENT * STEP_PERCENT : 0;
        }
    }

    @Override
    public void finish() {
        long now = nanoTime.getAsLong();
        line(label + ": done, " + new ProgressSnapshot(done, total, now - started).describe());
    }

    @Override
    public void abort() {
        long now = nanoTime.getAsLong();
        line(label + ": stopped at " + new ProgressSnapshot(done, total, now - started).describe());
    }

    private void print(ProgressSnapshot s) {
        line(label + ": " + (s.totalKnown() ? s.percent() + "%, " : "") + s.describe());
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }
}
