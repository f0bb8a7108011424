package io.hurdvm.image;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** What both progress displays track: the current step, its size, start time and bytes done. */
abstract class TimedProgress implements ProgressReporter {
    final PrintWriter out;
    final LongSupplier nanoTime;
    String label = "";
    long total;
    long started;
    long done;

    TimedProgress(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public final void start(String label, long totalBytes) {
        this.label = label;
        this.total = totalBytes;
        this.started = nanoTime.getAsLong();
        this.done = 0;
        started();
    }

    @Override
    public final void advance(long doneBytes) {
        this.done = doneBytes;
        advanced();
    }

    /** Called after {@link #start} recorded the new step. */
    abstract void started();

    /** Called after {@link #advance} recorded the new count. */
    abstract void advanced();

    ProgressSnapshot snapshot() {
        return new ProgressSnapshot(done, total, nanoTime.getAsLong() - started);
    }
}
