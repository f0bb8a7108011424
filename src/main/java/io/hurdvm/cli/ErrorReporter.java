package io.hurdvm.cli;

import io.hurdvm.errors.ErrorText;
import io.hurdvm.errors.HurdvmException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one line on stderr and a meaningful exit code. Stack traces only with
 * HURDVM_DEBUG=1: a user needs to know what was wrong and what to do, not where in the code.
 */
public final class ErrorReporter implements IExecutionExceptionHandler {
    private final boolean debug;

    /** @param debug HURDVM_DEBUG=1: print the stack trace too */
    public ErrorReporter(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (debug) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println("hurdvm: " + ErrorText.of(ex));
        cmd.getErr().flush();
        return exitCodeOf(ex);
    }

    /** The exit code of the documented table ({@link ExitCodes}) that a failure deserves: a lookup by its kind. */
    public static int exitCodeOf(Throwable ex) {
        return ExitCodes.of(HurdvmException.kindOf(ex));
    }
}
