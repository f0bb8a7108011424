package io.hurdvm.errors;

/**
 * What kind of failure an error is, whatever raised it. The one fact every surface needs: the CLI
 * turns it into an exit code ({@code cli.ExitCodes}), the API into an HTTP status ({@code api.ErrorStatus}),
 * and a daemon's answer carries it back to the CLI that asked.
 */
public enum ErrorKind {
    /** A flag, name, file, address or size is invalid; nothing was changed. */
    BAD_INPUT,
    /** The request is not allowed (a path outside the allowed folders, a QMP command the daemon does not open). */
    FORBIDDEN,
    /** The named instance, image, snapshot, backup or template does not exist. */
    NOT_FOUND,
    /** The request conflicts with what exists or runs now (already exists, in use, busy, running). */
    CONFLICT,
    /** A wait did not end within its deadline. */
    TIMEOUT,
    /** QEMU or the supervisor failed (QEMU exited, crash loop, a panic, the VM is not running). */
    VM_FAILED,
    /** A health check found an instance not ready. */
    UNHEALTHY,
    /** A local service hurdvm relies on did not answer (an instance's supervisor, QEMU's QMP). */
    UNAVAILABLE,
    /** A remote store behind hurdvm failed (a backup target unreachable or refusing, a download). */
    UPSTREAM_FAILED,
    /** Data failed its verification (a damaged backup, an image checksum mismatch). */
    DAMAGED,
    /** A disk or a backup target is full. */
    NO_SPACE,
    /** Anything else that could not be done: an I/O error, a bug; the message says what happened. */
    FAILURE
}
