package io.hurdvm.qemu;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A host port QEMU is to forward is already taken; reported before QEMU starts. */
public class PortInUseException extends HurdvmException {
    public PortInUseException(String message) {
        super(ErrorKind.CONFLICT, message);
    }
}
