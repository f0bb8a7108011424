package io.hurdvm.qemu;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** The user asked for an accelerator this host cannot provide. */
public class AccelUnavailableException extends HurdvmException {
    public AccelUnavailableException(String message) {
        super(ErrorKind.BAD_INPUT, message);
    }
}
