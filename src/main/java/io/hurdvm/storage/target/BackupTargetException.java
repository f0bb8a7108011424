package io.hurdvm.storage.target;

/** A target could not do what was asked; {@link #reason()} says which kind of trouble it is. */
public class BackupTargetException extends RuntimeException {
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
        super(message, cause);
        this.reason = reason;
    }

    public BackupTargetException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
