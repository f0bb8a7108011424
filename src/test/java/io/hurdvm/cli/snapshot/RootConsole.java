package io.hurdvm.cli.snapshot;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.guest.ConsoleShell;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A root shell on the Linux test guest's serial console (root has an empty password there). The
 * patterns are those of guest.ConsoleLogin, which is package-private to the provisioner.
 */
final class RootConsole {
    private static final Pattern LOGIN_PROMPT = Pattern.compile("(?<!Last )login: *\\z");
    private static final Pattern PASSWORD_PROMPT = Pattern.compile("(?i)password: *\\z");
    private static final Pattern SHELL_PROMPT = Pattern.compile("[#$] *(\\e\\[[0-9;?]*[A-Za-z])* *\\z");
    private static final Duration RESEND = Duration.ofSeconds(5);

    private RootConsole() {
    }

    /** A shell that answers: the one already there, or a fresh login; Enter is re-sent until a prompt shows. */
    static ConsoleShell shell(ExpectSession console, Duration timeout) {
        ConsoleShell shell = new ConsoleShell(console);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            console.send("\r");
            Optional<ExpectSession.Match> m = console.tryExpect(RESEND, LOGIN_PROMPT, SHELL_PROMPT, PASSWORD_PROMPT);
            if (m.isEmpty()) {
                continue;
            }
            switch (m.get().index()) {
                case 0 -> console.sendLine("root");
                case 2 -> console.send("\r");
                default -> {
                    if (shell.answers(RESEND.multipliedBy(3), RESEND)) {
                        return shell;
                    }
                }
            }
        }
        throw new AssertionError("no root shell on the console within " + timeout + "; last lines: "
                + console.transcript().lastLines(ExpectSession.TAIL_LINES));
    }
}
