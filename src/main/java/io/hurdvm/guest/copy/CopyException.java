package io.hurdvm.guest.copy;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A copy could not be made or completed; the message is one line naming the cause. */
public final class CopyException extends HurdvmException {
    CopyException(ErrorKind kind, String message) {
        super(kind, message);
    }

    CopyException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }

    static CopyException failed(String message, Throwable cause) {
        return new CopyException(ErrorKind.FAILURE, message, cause);
    }

    static CopyException refused(String message) {
        return new CopyException(ErrorKind.FAILURE, message);
    }
}
