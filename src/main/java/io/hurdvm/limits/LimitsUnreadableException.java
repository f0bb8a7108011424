package io.hurdvm.limits;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A cgroup or /proc file held something the kernel documents no such value for. One-line message. */
public class LimitsUnreadableException extends HurdvmException {
    public LimitsUnreadableException(String message) {
        super(ErrorKind.FAILURE, message);
    }
}
