package io.hurdvm.storage.snapshot;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A snapshot operation that could not be done; {@link #reason()} lets front ends pick an exit code. */
public class SnapshotException extends HurdvmException {
    public SnapshotException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public SnapshotException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
