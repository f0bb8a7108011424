package io.hurdvm.qmp;

/** QEMU sent something that is not valid QMP (e.g. a greeting without a version); a bug or a wrong socket. */
public class QmpProtocolException extends QmpException {
    public QmpProtocolException(String message) {
        super(message);
    }
}
