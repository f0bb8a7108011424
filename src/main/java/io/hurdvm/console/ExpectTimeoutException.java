package io.hurdvm.console;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

import java.time.Duration;
import java.util.List;

/**
 * Awaited console output did not appear in time. The message names what was awaited, the timeout,
 * and the last console lines (secrets masked), which usually show why.
 */
public class ExpectTimeoutException extends HurdvmException {
    private final String awaited;
    private final Duration timeout;
    private final List<String> lastLines;

    public ExpectTimeoutException(String awaited, Duration timeout, List<String> lastLines) {
        super(ErrorKind.TIMEOUT, "timed out after " + human(timeout) + " waiting for " + awaited + tail(lastLines));
        this.awaited = awaited;
        this.timeout = timeout;
        this.lastLines = List.copyOf(lastLines);
    }

    public String awaited() {
        return awaited;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The last console lines before giving up, secrets masked. */
    public List<String> lastLines() {
        return lastLines;
    }

    /** Renders the lines as an indented block for error messages, or a note that there were none. */
    public static String tail(List<String> lines) {
        if (lines.isEmpty()) {
            return "; the console printed nothing";
        }
        StringBuilder sb = new StringBuilder("; last console lines:");
        for (String line : lines) {
            sb.append("\n  | ").append(line);
        }
        return sb.toString();
    }

    /** "60s", "1.5s", "250ms": how people write timeouts. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
