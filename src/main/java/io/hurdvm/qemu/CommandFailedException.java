package io.hurdvm.qemu;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** An external command failed, timed out or could not be started; the message names the command. */
public class CommandFailedException extends HurdvmException {
    private final transient CommandResult result;

    public CommandFailedException(String message, CommandResult result) {
        super(ErrorKind.FAILURE, message);
        this.result = result;
    }

    public CommandFailedException(String message, Throwable cause) {
        super(ErrorKind.FAILURE, message, cause);
        this.result = null;
    }

    /** For a non-zero exit: "`cmd` failed (exit 1): last stderr line". */
    public static CommandFailedException exited(CommandResult result) {
        return new CommandFailedException("`" + result.commandLine() + "` failed (exit " + result.exitCode() + "): "
                + result.lastErrorLine(), result);
    }

    /** The finished command's output, or null when it did not finish (timeout, not startable). */
    public CommandResult result() {
        return result;
    }
}
