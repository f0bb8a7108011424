package io.hurdvm.qmp;

import io.hurdvm.errors.ErrorKind;

/** A QEMU background job that vanished, timed out, or could not be waited for. */
public class QmpJobException extends QmpException {
    public QmpJobException(ErrorKind kind, String message) {
        super(kind, message, null);
    }
}
