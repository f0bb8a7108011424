package io.hurdvm.qmp;

/** QEMU did not answer (or was not reachable) before the caller's deadline. */
public class QmpTimeoutException extends QmpException {
    public QmpTimeoutException(String message) {
        super(io.hurdvm.errors.ErrorKind.TIMEOUT, message, null);
    }

    public QmpTimeoutException(String message, Throwable cause) {
        super(io.hurdvm.errors.ErrorKind.TIMEOUT, message, cause);
    }
}
