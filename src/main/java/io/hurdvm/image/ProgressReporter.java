package io.hurdvm.image;

import java.io.PrintWriter;

/**
 * Reports the progress of one long step (download, checksum, unpack, convert) at a time, in bytes.
 * Implementations decide how often to print; callers may call {@link #advance} as often as they like.
 */
public interface ProgressReporter {
    /** Starts a step; {@code totalBytes} is negative when unknown. */
    void start(String label, long totalBytes);

    /** Bytes done so far in the current step (absolute, not a delta). */
    void advance(long doneBytes);

    /** Ends the current step, completed. */
    void finish();

    /** Ends the current step, not completed (the error is reported elsewhere). */
    void abort();

    ProgressReporter NONE = new ProgressReporter() {
        @Override public void start(String label, long totalBytes) { }
        @Override public void advance(long doneBytes) { }
        @Override public void finish() { }
        @Override public void abort() { }
    };

    /**
     * A redrawn bar on an interactive terminal, plain lines otherwise (logs, CI, pipes). Progress goes
     * to stderr, so stderr itself must be a terminal: {@code pull 2>log} gets plain lines even though
     * {@link System#console()} (which looks at stdin/stdout) exists.
     */
    static ProgressReporter forTerminalOr(PrintWriter stderr) {
        return System.console() != null && stderrIsTerminal() ? new TerminalProgressBar(stderr, System::nanoTime)
                : new PlainProgressLines(stderr, System::nanoTime);
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return true; // no /proc: trust System.console() alone
        }
    }
}
