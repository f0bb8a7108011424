package io.hurdvm.qmp;

/** The QMP socket is closed (QEMU exited, was killed, or the client was closed); no reply will come. */
public class QmpConnectionClosedException extends QmpException {
    public QmpConnectionClosedException(String message) {
        super(message);
    }

    public QmpConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
