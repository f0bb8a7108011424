package io.hurdvm.storage.snapshot;

/** A snapshot operation that could not be done; {@link #reason()} lets front ends pick an exit code. */
public class SnapshotException extends RuntimeException {
    public enum Reason {
        /** No snapshot of that name. */
        NOT_FOUND,
        /** A snapshot of that name exists already. */
        ALREADY_EXISTS,
        /** The snapshot cannot be restored in the instance's current state (e.g. disk-only while running). */
        NOT_RESTORABLE,
        /** QEMU or qemu-img failed; nothing is known to have changed. */
        FAILED,
        /** A restore failed midway: the VM is left paused because its memory may be partly overwritten. */
        VM_LEFT_PAUSED
    }

    private final Reason reason;

    public SnapshotException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SnapshotException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
