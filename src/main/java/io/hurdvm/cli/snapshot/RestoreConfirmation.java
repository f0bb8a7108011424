package io.hurdvm.cli.snapshot;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import java.io.Console;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;

/**
 * A restore throws away the instance's present state, so it must be meant: {@code --yes}, or the
 * instance name typed at a terminal. Without either (a script, a pipe) it is refused rather than
 * discarding work silently.
 */
final class RestoreConfirmation {
    /** Asks a question at the user's terminal; empty when there is no interactive terminal. */
    @FunctionalInterface
    interface Prompter {
        Optional<String> ask(String question);
    }

    private RestoreConfirmation() {
    }

    static void confirm(boolean yes, String instance, String snapshot, boolean running, Prompter prompter) {
        if (yes) {
            return;
        }
        String question = running
                ? "restore will discard the VM's current memory and disk state since " + snapshot + "; type the instance name to confirm: "
                : "restore will discard the disk changes made since " + snapshot + "; type the instance name to confirm: ";
        Optional<String> answer = prompter.ask(question);
        if (answer.isEmpty()) {
            throw new CliException(ErrorKind.BAD_INPUT, "restore of " + (running ? "running " : "") + "instance " + instance
                    + " would discard its current " + (running ? "state" : "disk state") + ": pass --yes");
        }
        if (!answer.get().strip().equals(instance)) {
            throw new CliException(ErrorKind.BAD_INPUT, "restore cancelled: the answer was not the instance name '" + instance + "'");
        }
    }

    /** The real terminal, if stdin and stdout are one. */
    static Prompter terminal() {
        return question -> {
            Console console = System.console();
            if (console == null || !isTerminal(console)) {
                return Optional.empty();
            }
            // End of input (Ctrl-D) is an answer too, and not the instance name.
            return Optional.of(Objects.requireNonNullElse(console.readLine("%s", question), ""));
        };
    }

    /**
     * Since JDK 22 System.console() is non-null even when redirected and {@code Console.isTerminal()}
     * tells the difference; the project builds for 21, where a non-null console means a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
