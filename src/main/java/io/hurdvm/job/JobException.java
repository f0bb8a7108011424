package io.hurdvm.job;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A job that could not run its command (or failed around it); one line for the user, the kind decides the exit code. */
public class JobException extends HurdvmException {
    public JobException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public JobException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
