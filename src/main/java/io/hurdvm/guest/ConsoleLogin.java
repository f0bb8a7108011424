package io.hurdvm.guest;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.console.ExpectTimeoutException;
import io.hurdvm.secret.Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Getting from "something is on the serial console" to a root shell and back. We may attach after
 * the guest printed its login prompt, so Enter is re-sent periodically until a prompt shows up.
 */
final class ConsoleLogin {
    /** getty's prompt at the end of the output; "Last login:" (printed after logging in) is not one. */
    static final Pattern LOGIN_PROMPT = Pattern.compile("(?<!Last )login: *\\z");
    static final Pattern PASSWORD_PROMPT = Pattern.compile("(?i)password: *\\z");
    /** A root shell prompt ("root@debian:~# ", "~ # "), possibly followed by terminal control codes. */
    static final Pattern SHELL_PROMPT = Pattern.compile("[#$] *(\\e\\[[0-9;?]*[A-Za-z])* *\\z");
    static final Pattern LOGIN_INCORRECT = Pattern.compile("(?i)login incorrect|authentication failure");

    /** How long the console must be silent after "Password:" before the password is typed. */
    static final Duration PASSWORD_SETTLE = Duration.ofSeconds(1);

    private final ExpectSession console;
    private final Duration resendEvery;

    ConsoleLogin(ExpectSession console, Duration resendEvery) {
        this.console = console;
        this.resendEvery = resendEvery;
    }

    /** Waits for a login prompt, pressing Enter now and then; logs out a shell found lingering on the console. */
    void awaitLoginPrompt(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        console.send("\r");
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ProvisioningException(ProvisioningStep.WAKE, "no login prompt on the serial console within "
                        + ExpectTimeoutException.human(timeout)
                        + ExpectTimeoutException.tail(console.transcript().lastLines(ExpectSession.TAIL_LINES)),
                        console.transcript());
            }
            Optional<ExpectSession.Match> m = console.tryExpect(min(resendEvery, left), LOGIN_PROMPT, SHELL_PROMPT);
            if (m.isEmpty()) {
                console.send("\r");
            } else if (m.get().index() == 0) {
                return;
            } else {
                // Someone left a shell logged in on the console; log it out to start from a clean login.
                console.sendLine("exit");
            }
        }
    }

    /**
     * Logs in as root. A stock image lets root in without a password; if one is asked for, the guest
     * was provisioned before (or is not stock) and only our own password may be tried.
     */
    void logInAsRoot(Secret knownPassword, Duration timeout) {
        console.sendLine("root");
        int first = console.expectAny(timeout, PASSWORD_PROMPT, SHELL_PROMPT, LOGIN_INCORRECT);
        if (first == 0) {
            // login prints "Password:" before it turns echo off: let it finish, or the password is echoed.
            console.awaitQuiet(PASSWORD_SETTLE, timeout);
            console.sendSecret(knownPassword.reveal());
            int after = console.expectAny(timeout, SHELL_PROMPT, LOGIN_INCORRECT, LOGIN_PROMPT);
            if (after != 0) {
                throw new ProvisioningException(ProvisioningStep.LOGIN, "guest asks for a root password that is not ours:"
                        + " it was set outside hurdvm; pass it with --root-password-file or reinstall the guest",
                        console.transcript());
            }
        } else if (first == 2) {
            throw new ProvisioningException(ProvisioningStep.LOGIN, "the guest refused root login on the console"
                    + ExpectTimeoutException.tail(console.transcript().lastLines(ExpectSession.TAIL_LINES)),
                    console.transcript());
        }
    }

    /** Leaves the shell and waits for getty to offer a login again. */
    void logOut(Duration timeout) {
        console.sendLine("exit");
        console.expect(LOGIN_PROMPT, timeout);
    }

    private static Duration min(Duration a, long nanos) {
        Duration b = Duration.ofNanos(nanos);
        return a.compareTo(b) <= 0 ? a : b;
    }
}
