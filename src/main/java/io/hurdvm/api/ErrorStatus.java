package io.hurdvm.api;

import io.hurdvm.errors.ErrorKind;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP status of each kind of failure, and back: the API's answer names the kind, so a CLI asking
 * through {@code --host} exits with the same code as when it runs locally.
 */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static int of(ErrorKind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case DAMAGED -> 422;
            case FAILURE -> 500;
            case VM_FAILED, UPSTREAM_FAILED -> 502;
            case UNAVAILABLE, UNHEALTHY -> 503;
            case TIMEOUT -> 504;
            case NO_SPACE -> 507;
        };
    }

    /** For answers that name no kind (Jetty's own, a daemon of an older version): the nearest kind. */
    static ErrorKind kindOf(int status) {
        return switch (status) {
            case 400, 413, 414, 415, 431 -> ErrorKind.BAD_INPUT;
            case 401, 403 -> ErrorKind.FORBIDDEN;
            case 404 -> ErrorKind.NOT_FOUND;
            case 405, 409 -> ErrorKind.CONFLICT;
            case 422 -> ErrorKind.DAMAGED;
            case 502 -> ErrorKind.UPSTREAM_FAILED;
            case 503 -> ErrorKind.UNAVAILABLE;
            case 504 -> ErrorKind.TIMEOUT;
            case 507 -> ErrorKind.NO_SPACE;
            default -> ErrorKind.FAILURE;
        };
    }

    /** The kind named in an error answer ({@code "kind": "not_found"}), if it names a known one. */
    static Optional<ErrorKind> parse(String wire) {
        try {
            return wire == null || wire.isBlank() ? Optional.empty() : Optional.of(ErrorKind.valueOf(wire.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    static String wireName(ErrorKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
