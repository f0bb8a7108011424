package io.hurdvm.image;

/**
 * A failure of an image operation, with a one-line message for the user that names what was wrong
 * and what to do. The {@link Kind} decides the command's exit code.
 */
public class ImageException extends RuntimeException {
    /** Why the operation failed; each kind has its own documented exit code. */
    public enum Kind {
        BAD_INPUT(2), CHECKSUM_MISMATCH(3), NETWORK_OR_IO(4), IN_USE(5);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
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

    public static ImageException io(String message, Throwable cause) {
        return new ImageException(Kind.NETWORK_OR_IO, message, cause);
    }

    /** A local write failed while {@code doing} something; a full disk gets its own advice. */
    public static ImageException writeFailed(String doing, java.io.IOException e) {
        String m = String.valueOf(e.getMessage());
        if (isDiskFull(m)) {
            return io("disk full while " + doing + ": free some space, or set HURDVM_HOME to a larger disk", e);
        }
        return io("write failed while " + doing + ": " + m, e);
    }

    static boolean isDiskFull(String message) {
        return message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
    }
}
