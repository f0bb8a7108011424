package io.hurdvm.supervisor;

/** An error a control request reports to its caller as a one-line message. */
public class ControlException extends RuntimeException {
    public ControlException(String message) {
        super(message);
    }
}
