package io.hurdvm.lifecycle;

/** A lifecycle step that cannot go on; the message is one line for the user. */
public class LifecycleException extends RuntimeException {
    public enum Kind { BAD_INPUT, NOT_FOUND, FAILED, TIMEOUT }

    private final Kind kind;

    public LifecycleException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
