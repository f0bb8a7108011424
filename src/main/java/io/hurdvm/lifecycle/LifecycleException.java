package io.hurdvm.lifecycle;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A lifecycle step that cannot go on; the message is one line for the user. */
public class LifecycleException extends HurdvmException {
    public LifecycleException(ErrorKind kind, String message) {
        super(kind, message);
    }
}
