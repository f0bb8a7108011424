package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exit codes every command uses, {@code image} and {@code backup} included. {@link #TABLE} is the one
 * description: the root command's {@code --help} prints it and a test holds the README's table to it.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Unexpected failure (I/O error, bug); the message says what happened. */
    public static final int FAILURE = 1;
    /** Bad input: a flag, a name, a file. Nothing was changed. */
    public static final int USAGE = 2;
    /** The named instance (or image, snapshot, backup) does not exist. */
    public static final int NOT_FOUND = 3;
    /** A wait condition did not hold within --timeout. */
    public static final int TIMEOUT = 4;
    /** The VM or its supervisor failed (QEMU exited, crash loop). */
    public static final int VM_FAILED = 5;
    /** A health check found an instance not ready. */
    public static final int UNHEALTHY = 6;

    /** One row of the table: the code, its short name, and when it is used. */
    public record Meaning(int code, String name, String when) {
    }

    public static final List<Meaning> TABLE = List.of(
            new Meaning(OK, "ok", "done as asked"),
            new Meaning(FAILURE, "failure", "could not be done: an I/O or network error, a failed verification (an image checksum"
                    + " mismatch), a failed backup; the message says what happened"),
            new Meaning(USAGE, "bad input", "a flag, name, file, address or size is invalid, or the request conflicts with"
                    + " what exists (an image still used by an instance); nothing was changed"),
            new Meaning(NOT_FOUND, "not found", "the named instance, image, snapshot or backup does not exist"),
            new Meaning(TIMEOUT, "timed out", "a wait did not end within its --timeout, or a server stopped answering"),
            new Meaning(VM_FAILED, "VM failed", "QEMU or the supervisor failed (QEMU exited, crash loop), or the instance is not running"),
            new Meaning(UNHEALTHY, "unhealthy", "'health' found an instance not ready"));

    private ExitCodes() {
    }

    /**
     * The exit code of a kind of failure. Refusals of the request (invalid, forbidden, conflicting with
     * what exists) are all "bad input": nothing was changed, and the message says what to fix.
     */
    public static int of(ErrorKind kind) {
        return switch (kind) {
            case BAD_INPUT, FORBIDDEN, CONFLICT -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case TIMEOUT -> TIMEOUT;
            case VM_FAILED -> VM_FAILED;
            case UNHEALTHY -> UNHEALTHY;
            case UNAVAILABLE, UPSTREAM_FAILED, DAMAGED, NO_SPACE, FAILURE -> FAILURE;
        };
    }

    /** "0 ok, 1 failure, 2 bad input, ...": the one-line summary. */
    public static String summary() {
        StringBuilder sb = new StringBuilder();
        for (Meaning m : TABLE) {
            sb.append(sb.isEmpty() ? "" : ", ").append(m.code()).append(' ').append(m.name());
        }
        return sb.toString();
    }

    /** For picocli's exit code list: code -> "name: when". */
    static Map<String, String> usageList() {
        Map<String, String> list = new LinkedHashMap<>();
        TABLE.forEach(m -> list.put(String.valueOf(m.code()), m.name() + ": " + m.when()));
        return list;
    }
}
