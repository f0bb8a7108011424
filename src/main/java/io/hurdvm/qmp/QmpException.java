package io.hurdvm.qmp;

/** Base of every failure talking QMP to QEMU; unchecked because callers rarely can recover locally. */
public class QmpException extends RuntimeException {
    public QmpException(String message) {
        super(message);
    }

    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
