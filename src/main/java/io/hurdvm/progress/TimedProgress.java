package io.hurdvm.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** What the bar and the plain lines both track: the current task, its size, start time and bytes done. */
abstract class TimedProgress implements Progress {
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

    @Override
    public final void bytes(String task, long doneBytes, long totalBytes) {
        if (!task.equals(label) || doneBytes < done) { // another task, or the same name counting again
            start(task, totalBytes);
        }
        advance(doneBytes);
    }

    /** Called after {@link #start} recorded the new step. */
    abstract void started();

    /** Called after {@link #advance} recorded the new count. */
    abstract void advanced();

    ProgressSnapshot snapshot() {
        return new ProgressSnapshot(done, total, nanoTime.getAsLong() - started);
    }
}
