package io.hurdvm.control;

/** An error a control request reports to its caller as a one-line message (and, for QMP, its error class). */
public class ControlException extends RuntimeException {
    private final String errorClass;

    public ControlException(String message) {
        this(message, null);
    }

    public ControlException(String message, String errorClass) {
        super(message);
        this.errorClass = errorClass;
    }

    /** QMP's error class (e.g. GenericError) when a QMP command failed, else null. */
    public String errorClass() {
        return errorClass;
    }
}
