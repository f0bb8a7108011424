package io.hurdvm.storage.target;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A target could not do what was asked; {@link #reason()} says which kind of trouble it is. */
public class BackupTargetException extends HurdvmException {
    public enum Reason {
        /** Cannot connect, DNS, timeouts: nothing was stored; retry when the target is back. */
        UNREACHABLE,
        /** No space left or quota exceeded. */
        FULL,
        /** Credentials rejected or not allowed. */
        DENIED,
        /** Bucket, directory or object missing. */
        NOT_FOUND,
        /** Data read back does not match what was written. */
        CORRUPT,
        OTHER
    }

    private final Reason reason;

    public BackupTargetException(Reason reason, String message, Throwable cause) {
        super(kindOf(reason), message, cause);
        this.reason = reason;
    }

    /** A missing target or backup is not found; a full one is out of space; the rest is the store failing. */
    private static ErrorKind kindOf(Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> ErrorKind.NOT_FOUND;
            case FULL -> ErrorKind.NO_SPACE;
            case CORRUPT -> ErrorKind.DAMAGED;
            case UNREACHABLE, DENIED, OTHER -> ErrorKind.UPSTREAM_FAILED;
        };
    }

    public BackupTargetException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
