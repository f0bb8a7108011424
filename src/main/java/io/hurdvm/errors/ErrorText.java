package io.hurdvm.errors;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What went wrong, in words, for one line shown to a user. Several JDK exceptions carry no message
 * ({@code ConnectException} from the HTTP client) or only a path ({@code NoSuchFileException}), and a
 * wrapped exception's message is the cause's {@code toString()}: printing them as they are shows Java
 * class names instead of the reason.
 */
public final class ErrorText {
    /** "java.net.ConnectException: Connection refused" as left by {@code new RuntimeException(cause)}. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?:: )?(.*)$", Pattern.DOTALL);

    private ErrorText() {
    }

    /** One line in words; never a class name. */
    public static String of(Throwable t) {
        return oneLine(describe(t, 0));
    }

    private static String describe(Throwable t, int depth) {
        if (t.getCause() != null && depth < 5 && String.valueOf(t.getMessage()).equals(t.getCause().toString())) {
            return describe(t.getCause(), depth + 1); // a wrapper that only repeats its cause
        }
        String own = message(t);
        return switch (t) {
            case NoSuchFileException e -> "no such file or directory: " + fileOf(e);
            case AccessDeniedException e -> "permission denied: " + fileOf(e);
            case FileAlreadyExistsException e -> "already exists: " + fileOf(e);
            case NotDirectoryException e -> "not a directory: " + fileOf(e);
            case DirectoryNotEmptyException e -> "directory not empty: " + fileOf(e);
            case FileSystemException e when e.getReason() != null -> lowerFirst(e.getReason()) + ": " + fileOf(e);
            case UnknownHostException e -> own == null ? "unknown host" : "unknown host " + own;
            case NoRouteToHostException e -> "no route to host";
            // The HTTP client's refusal carries no message (its cause, a closed channel, says less).
            case ConnectException e -> own != null ? lowerFirst(own) : "connection refused";
            case SocketTimeoutException e -> "timed out" + (own == null ? "" : " (" + lowerFirst(own) + ")");
            case HttpTimeoutException e -> "timed out" + (own == null ? "" : " (" + lowerFirst(own) + ")");
            case AsynchronousCloseException e -> "the connection was closed";
            case ClosedChannelException e -> "the connection was closed";
            case EOFException e -> own == null ? "the data ended unexpectedly" : own;
            case UncheckedIOException e when own == null && e.getCause() != null -> describe(e.getCause(), depth + 1);
            default -> own != null ? own
                    : t.getCause() != null && depth < 5 ? describe(t.getCause(), depth + 1)
                    : "internal error (run with HURDVM_DEBUG=1 for details)";
        };
    }

    /** The message without a leading Java class name; null when there is none worth showing. */
    private static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return null;
        }
        Matcher prefixed = CLASS_PREFIX.matcher(m.strip());
        if (prefixed.matches()) {
            String rest = prefixed.group(1).strip();
            return rest.isEmpty() ? null : rest;
        }
        return m.strip();
    }

    private static String fileOf(FileSystemException e) {
        return e.getOtherFile() == null ? String.valueOf(e.getFile()) : e.getFile() + " -> " + e.getOtherFile();
    }

    private static String lowerFirst(String s) {
        // "Connection refused" reads better inside a sentence; keep acronyms ("SSL ...") as they are.
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
