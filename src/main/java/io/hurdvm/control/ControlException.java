package io.hurdvm.control;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** An error a control request reports to its caller as a one-line message (and, for QMP, its error class). */
public class ControlException extends HurdvmException {
    private final String errorClass;

    public ControlException(String message) {
        this(message, null);
    }

    /**
     * @param errorClass QMP's error class when QEMU refused a command passed through the supervisor
     *                   (a refusal of what was asked); null when the supervisor itself failed or is gone
     */
    public ControlException(String message, String errorClass) {
        super(errorClass != null ? ErrorKind.BAD_INPUT : ErrorKind.UNAVAILABLE, message);
        this.errorClass = errorClass;
    }

    /** QMP's error class (e.g. GenericError) when a QMP command failed, else null. */
    public String errorClass() {
        return errorClass;
    }
}
