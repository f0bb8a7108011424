package io.hurdvm.instance;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** Another operation holds the instance's lock; the message names it and says to retry. */
public class InstanceBusyException extends HurdvmException {
    public InstanceBusyException(String message) {
        super(ErrorKind.CONFLICT, message);
    }
}
