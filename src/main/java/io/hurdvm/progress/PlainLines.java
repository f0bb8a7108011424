package io.hurdvm.progress;

import io.hurdvm.config.ByteSize;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress for logs and pipes: a whole line every {@value #STEP_PERCENT} % or every 5 s,
 * whichever comes first, so a log neither floods nor goes silent on a slow link.
 */
public final class PlainLines extends TimedProgress {
    static final int STEP_PERCENT = 10;
    private static final long INTERVAL_NANOS = 5_000_000_000L;

    private long lastLine;
    private int lastPercent;

    public PlainLines(PrintWriter out, LongSupplier nanoTime) {
        super(out, nanoTime);
    }

    @Override
    void started() {
        lastLine = started;
        lastPercent = 0;
        line(label + ": started" + (total > 0 ? " (" + ByteSize.human(total) + ")" : ""));
    }

    @Override
    void advanced() {
        long now = nanoTime.getAsLong();
        ProgressSnapshot s = snapshot();
        boolean stepReached = s.totalKnown() && s.percent() >= lastPercent + STEP_PERCENT && s.percent() < 100;
        if (stepReached || now - lastLine >= INTERVAL_NANOS) {
            line(label + ": " + (s.totalKnown() ? s.percent() + "%, " : "") + s.describe());
            lastLine = now;
            lastPercent = s.totalKnown() ? s.percent() / STEP_PERCENT * STEP_PERCENT : 0;
        }
    }

    @Override
    public void step(String message) {
        line(message);
    }

    @Override
    public void finish() {
        line(label + ": done, " + snapshot().describe());
    }

    @Override
    public void abort() {
        line(label + ": stopped at " + snapshot().describe());
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }
}
