package io.hurdvm.job;

/** A job that could not run its command (or failed around it); one line for the user. */
public class JobException extends RuntimeException {
    /** What kind of failure: each maps to one of the documented exit codes. */
    public enum Kind { BAD_INPUT, VM_FAILED, TIMED_OUT, FAILED }

    private final Kind kind;

    public JobException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public JobException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
