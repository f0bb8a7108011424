package io.hurdvm.qmp;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** Base of every failure talking QMP to QEMU; unchecked because callers rarely can recover locally. */
public class QmpException extends HurdvmException {
    public QmpException(String message) {
        super(ErrorKind.UNAVAILABLE, message);
    }

    public QmpException(String message, Throwable cause) {
        super(ErrorKind.UNAVAILABLE, message, cause);
    }

    /** For failures that are not about reaching QEMU: a timeout, a command QEMU refused. */
    protected QmpException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
