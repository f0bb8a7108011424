package io.hurdvm.limits;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** The guest does not fit the memory limits in force. The message is one line naming the limit and the fix. */
public class InsufficientResourcesException extends HurdvmException {
    public InsufficientResourcesException(String message) {
        super(ErrorKind.BAD_INPUT, message);
    }
}
