package io.hurdvm.errors;

import java.util.Objects;

/**
 * The base of hurdvm's own exceptions: a one-line message for people and the {@link ErrorKind} that
 * decides the exit code and the HTTP status. Subclasses exist where callers catch them by type;
 * the kind alone decides how a failure is reported.
 */
public class HurdvmException extends RuntimeException {
    private final ErrorKind kind;

    public HurdvmException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public HurdvmException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The kind of any throwable: ours carry one; a JDK IllegalArgumentException is bad input; the rest a failure. */
    public static ErrorKind kindOf(Throwable t) {
        if (t instanceof HurdvmException h) {
            return h.kind();
        }
        if (t instanceof IllegalArgumentException) {
            return ErrorKind.BAD_INPUT;
        }
        return ErrorKind.FAILURE;
    }
}
