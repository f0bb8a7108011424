package io.hurdvm.cli;

/** Exit codes every command uses; documented in the README. */
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

    private ExitCodes() {
    }
}
