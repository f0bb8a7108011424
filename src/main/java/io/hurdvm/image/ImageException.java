package io.hurdvm.image;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

import io.hurdvm.errors.ErrorText;

/**
 * A failure of an image operation, with a one-line message for the user that names what was wrong
 * and what to do. The {@link Kind} decides the command's exit code (the CLI maps it onto its table).
 */
public class ImageException extends HurdvmException {
    public ImageException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public ImageException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }

    public static ImageException badInput(String message) {
        return new ImageException(ErrorKind.BAD_INPUT, message);
    }

    public static ImageException notFound(String message) {
        return new ImageException(ErrorKind.NOT_FOUND, message);
    }

    public static ImageException io(String message, Throwable cause) {
        return new ImageException(ErrorKind.FAILURE, message, cause);
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
