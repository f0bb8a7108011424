package io.hurdvm.guest.copy;

/** A copy could not be made or completed; the message is one line naming the cause. */
public final class CopyException extends RuntimeException {
    public enum Reason {
        /** The source does not exist. */
        NOT_FOUND,
        /** The request cannot be carried out as asked (where to put it, what it is); nothing was copied. */
        BAD_REQUEST,
        /** The transfer itself failed, or the guest sent something that was refused. */
        FAILED
    }

    private final Reason reason;

    CopyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    CopyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static CopyException failed(String message, Throwable cause) {
        return new CopyException(Reason.FAILED, message, cause);
    }

    static CopyException refused(String message) {
        return new CopyException(Reason.FAILED, message);
    }
}
