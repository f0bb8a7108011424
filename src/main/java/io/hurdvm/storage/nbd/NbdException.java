package io.hurdvm.storage.nbd;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** An NBD server refused a request, broke the protocol, or went away; the message says which. */
public final class NbdException extends HurdvmException {
    public NbdException(String message) {
        super(ErrorKind.FAILURE, message);
    }

    public NbdException(String message, Throwable cause) {
        super(ErrorKind.FAILURE, message, cause);
    }
}
