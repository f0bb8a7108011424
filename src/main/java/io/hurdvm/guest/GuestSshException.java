package io.hurdvm.guest;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** SSH to the guest failed. The message is one line naming what failed and what to do. */
public class GuestSshException extends HurdvmException {
    public GuestSshException(String message) {
        super(ErrorKind.FAILURE, message);
    }

    public GuestSshException(String message, Throwable cause) {
        super(ErrorKind.FAILURE, message, cause);
    }
}
