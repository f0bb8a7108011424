package io.hurdvm.cli;

import io.hurdvm.errors.ErrorText;
import io.hurdvm.image.ImageException;
import io.hurdvm.lifecycle.LifecycleException;
import io.hurdvm.limits.InsufficientResourcesException;
import io.hurdvm.qemu.AccelUnavailableException;
import io.hurdvm.qemu.PortInUseException;
import io.hurdvm.secret.SecretFileException;
import io.hurdvm.vm.InvalidSpecException;
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
        if (debug()) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println("hurdvm: " + ErrorText.of(ex));
        cmd.getErr().flush();
        return exitCodeOf(ex);
    }

    static boolean debug() {
        return "1".equals(System.getenv("HURDVM_DEBUG"));
    }

    /** The exit code of the documented table ({@link ExitCodes}) that a failure deserves. */
    public static int exitCodeOf(Throwable ex) {
        if (ex instanceof CliException ce) {
            return ce.exitCode();
        }
        if (ex instanceof ImageException ie) {
            return exitCodeOf(ie.kind());
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

    /**
     * Image failures on the common table: a checksum mismatch is a failed verification (1: the
     * download was bad or the source changed; the next pull may succeed), an image still in use is
     * bad input (2: nothing was removed; remove the instance first).
     */
    static int exitCodeOf(ImageException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT, IN_USE -> ExitCodes.USAGE;
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
            case TIMED_OUT -> ExitCodes.TIMEOUT;
            case CHECKSUM_MISMATCH, NETWORK_OR_IO -> ExitCodes.FAILURE;
        };
    }
}
