package io.hurdvm.progress;

import java.io.PrintWriter;

/**
 * Where long work (backups, restores, copies, image pulls and conversions) tells what it is doing:
 * steps in words, and tasks measured in bytes. The work calls it; a renderer decides what is shown
 * and how often: a redrawn bar on a terminal ({@link TerminalBar}, {@link CompactBar}), whole lines
 * for logs, pipes and CI ({@link PlainLines}, {@link CompactBar}), the daemon's log ({@link #logged}),
 * or nothing ({@link #SILENT}, the choice for {@code --output json} and scheduled jobs). Every method
 * does nothing by default: a renderer shows what it can and ignores the rest.
 */
public interface Progress {
    /** Shows nothing. */
    Progress SILENT = new Progress() {
    };

    /** A step in words ("checking s3://bucket/x", "encrypting disk0.qcow2"). */
    default void step(String message) {
    }

    /** A measured task starts; {@code totalBytes} is negative when unknown. */
    default void start(String task, long totalBytes) {
    }

    /** Bytes done so far of the current task (absolute, not a delta); call as often as convenient. */
    default void advance(long doneBytes) {
    }

    /**
     * Bytes done of {@code task}, for work that knows only the name at each count (a stream's
     * callback): a name other than the current task's starts that task.
     */
    default void bytes(String task, long doneBytes, long totalBytes) {
    }

    /** The current task completed (a terminal renderer ends its line). */
    default void finish() {
    }

    /**
     * The current task stopped unfinished; the error is reported elsewhere. By default as {@link #finish}:
     * a bar stays where it stopped and the error follows on a line of its own.
     */
    default void abort() {
        finish();
    }

    /** Steps as lines of the daemon's log ({@code operation: message}), so an operator can follow; byte counts are left out. */
    static Progress logged(org.slf4j.Logger log, String operation) {
        return new Progress() {
            @Override
            public void step(String message) {
                log.info("{}: {}", operation, message);
            }
        };
    }

    /**
     * For image pulls: a redrawn bar with rate and ETA on an interactive terminal, plain lines otherwise
     * (logs, CI, pipes). Progress goes to stderr, so stderr itself must be a terminal: {@code pull 2>log}
     * gets plain lines even though {@link System#console()} (which looks at stdin/stdout) exists.
     */
    static Progress forTerminalOr(PrintWriter stderr) {
        return System.console() != null && Terminals.stderrIsTerminal() ? new TerminalBar(stderr, System::nanoTime)
                : new PlainLines(stderr, System::nanoTime);
    }

    /** For backups: a compact bar per file on a terminal, a line per 10 % otherwise; each step on its own line. */
    static Progress compactForStderr(PrintWriter stderr) {
        return new CompactBar(stderr, System.console() != null);
    }
}
