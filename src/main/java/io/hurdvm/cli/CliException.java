package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A failure to report to the user as one line, with the exit code it deserves. */
public class CliException extends HurdvmException {
    public CliException(ErrorKind kind, String message) {
        super(kind, message);
    }
}
