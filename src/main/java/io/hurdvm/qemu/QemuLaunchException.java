package io.hurdvm.qemu;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** QEMU could not be started at all (binary or setsid missing, log not writable, ...). */
public class QemuLaunchException extends HurdvmException {
    public QemuLaunchException(String message, Throwable cause) {
        super(ErrorKind.VM_FAILED, message, cause);
    }

    public QemuLaunchException(String message) {
        super(ErrorKind.VM_FAILED, message);
    }
}
