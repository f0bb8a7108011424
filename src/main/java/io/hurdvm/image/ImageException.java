package io.hurdvm.image;

import io.hurdvm.errors.ErrorText;

/**
 * A failure of an image operation, with a one-line message for the user that names what was wrong
 * and what to do. The {@link Kind} decides the command's exit code (the CLI maps it onto its table).
 */
public class ImageException extends RuntimeException {
    /** Why the operation failed. */
    public enum Kind {
        /** A bad reference, URL, option or file; nothing was changed. */
        BAD_INPUT,
        /** No image in the store has that name or digest. */
        NOT_FOUND,
        /** The download does not match its checksum; it was deleted. */
        CHECKSUM_MISMATCH,
        /** A network or local I/O failure (refused connection, disk full, qemu-img failed). */
        NETWORK_OR_IO,
        /** The server stopped answering for longer than the read timeout, on every attempt. */
        TIMED_OUT,
        /** The image is the base of an instance's disk and cannot be removed. */
        IN_USE
    }

    private final Kind kind;

    public ImageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ImageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ImageException badInput(String message) {
        return new ImageException(Kind.BAD_INPUT, message);
    }

    public static ImageException notFound(String message) {
        return new ImageException(Kind.NOT_FOUND, message);
    }

    public static ImageException io(String message, Throwable cause) {
        return new ImageException(Kind.NETWORK_OR_IO, message, cause);
    }

    /** A local write failed while {@code doing} something; a full disk gets its own advice. */
    public static ImageException writeFailed(String doing, java.io.IOException e) {
        String m = String.valueOf(e.getMessage());
        if (isDiskFull(m)) {
            return io("disk full while " + doing + ": free some space, or set HURDVM_HOME to a larger disk", e);
        }
        return io("write failed while " + doing + ": " + ErrorText.of(e), e);
    }

    static boolean isDiskFull(String message) {
        return message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
    }
}
