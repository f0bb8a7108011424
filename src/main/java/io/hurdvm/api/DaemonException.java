package io.hurdvm.api;

/** The daemon answered with an error, or could not be reached ({@link #status()} 0). */
public class DaemonException extends RuntimeException {
    private final int status;

    public DaemonException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == 0;
    }
}
