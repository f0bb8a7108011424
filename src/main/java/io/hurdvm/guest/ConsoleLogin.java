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
    /** Logins tried when the guest dropped the typed password (see {@link #tryLogIn}). */
    static final int LOGIN_ATTEMPTS = 3;

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
        for (int attempt = 1; ; attempt++) {
            if (tryLogIn(knownPassword, timeout, attempt < LOGIN_ATTEMPTS)) {
                return;
            }
        }
    }

    /**
     * One login. A loaded guest may print "Password:" and only then flush the input it holds (login
     * programs discard typed-ahead text before reading a password), dropping ours: when the guest
     * stays silent, an empty line tells the two cases apart without ever typing the password twice
     * (into a shell it would be echoed): a verifying login ignores it and a shell prints a prompt,
     * while a login that lost our password reports an empty one as incorrect, and we try again.
     */
    private boolean tryLogIn(Secret knownPassword, Duration timeout, boolean mayRetry) {
        console.sendLine("root");
        int first = console.expectAny(timeout, PASSWORD_PROMPT, SHELL_PROMPT, LOGIN_INCORRECT);
        if (first == 1) {
            return true;
        }
        if (first == 2) {
            throw new ProvisioningException(ProvisioningStep.LOGIN, "the guest refused root login on the console"
                    + ExpectTimeoutException.tail(console.transcript().lastLines(ExpectSession.TAIL_LINES)),
                    console.transcript());
        }
        // login prints "Password:" before it turns echo off: let it finish, or the password is echoed.
        console.awaitQuiet(PASSWORD_SETTLE, timeout);
        console.sendSecret(knownPassword.reveal());
        Duration firstAnswer = timeout.dividedBy(3);
        Optional<ExpectSession.Match> answer = console.tryExpect(firstAnswer, SHELL_PROMPT, LOGIN_INCORRECT, LOGIN_PROMPT);
        boolean nudged = answer.isEmpty();
        if (nudged) {
            console.send("\r");
            answer = Optional.of(console.awaitAny(timeout, SHELL_PROMPT, LOGIN_INCORRECT, LOGIN_PROMPT));
        }
        if (answer.get().index() == 0) {
            return true;
        }
        if (nudged && mayRetry) {
            if (answer.get().index() == 1) {
                console.expect(LOGIN_PROMPT, timeout); // "Login incorrect" comes before the next prompt
            }
            return false;
        }
        throw new ProvisioningException(ProvisioningStep.LOGIN, nudged
                ? "the guest's login dropped the password " + LOGIN_ATTEMPTS + " times (the guest is too slow or"
                        + " its console loses input); run 'hurdvm reprovision NAME' when it is idle"
                : "guest asks for a root password that is not ours:"
                        + " it was set outside hurdvm; pass it with --root-password-file or reinstall the guest",
                console.transcript());
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
