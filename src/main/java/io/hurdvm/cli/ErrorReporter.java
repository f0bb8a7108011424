package io.hurdvm.cli;

import io.hurdvm.lifecycle.LifecycleException;
import io.hurdvm.limits.InsufficientResourcesException;
import io.hurdvm.qemu.AccelUnavailableException;
import io.hurdvm.qemu.PortInUseException;
import io.hurdvm.secret.SecretFileException;
import io.hurdvm.vm.InvalidSpecException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one line on stderr and a meaningful exit code. Stack traces only with
 * HURDVM_DEBUG=1: a user needs to know what was wrong and what to do, not where in the code.
 */
public final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if ("1".equals(System.getenv("HURDVM_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println("hurdvm: " + oneLine(messageOf(ex)));
        cmd.getErr().flush();
        return exitCodeOf(ex);
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof CliException ce) {
            return ce.exitCode();
        }
        if (ex instanceof LifecycleException le) {
            return switch (le.kind()) {
                case BAD_INPUT -> ExitCodes.USAGE;
                case NOT_FOUND -> ExitCodes.NOT_FOUND;
                case TIMEOUT -> ExitCodes.TIMEOUT;
                case FAILED -> ExitCodes.FAILURE;
            };
        }
        if (ex instanceof InvalidSpecException || ex instanceof IllegalArgumentException
                || ex instanceof PortInUseException || ex instanceof AccelUnavailableException
                || ex instanceof SecretFileException || ex instanceof InsufficientResourcesException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    private static String messageOf(Throwable ex) {
        if (ex instanceof UncheckedIOException && ex.getMessage() != null) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
