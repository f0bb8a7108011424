package io.hurdvm.guest;

import io.hurdvm.readiness.GuestCommandRunner;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.console.ExpectTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Runs commands in a root shell that is logged in on the console. Each command is framed by two
 * markers the shell computes ({@code HVB$((n+1))}), so the echo of the typed line — which holds the
 * unexpanded {@code $((n+1))} — can never be mistaken for the command having run. The end marker
 * carries {@code $?}.
 */
public final class ConsoleShell implements GuestCommandRunner {
    private final ExpectSession console;
    private final Random random;

    public ConsoleShell(ExpectSession console) {
        this(console, new SecureRandom());
    }

    ConsoleShell(ExpectSession console, Random random) {
        this.console = console;
        this.random = random;
    }

    @Override
    public int run(String command, Duration timeout) {
        return exec(command, timeout).exitStatus();
    }

    /** Runs {@code command} (one line) and returns its status and output; throws on timeout. */
    public CommandResult exec(String command, Duration timeout) {
        if (command.contains("\n") || command.contains("\r")) {
            throw new IllegalArgumentException("console commands must be one line");
        }
        int n = 100_000 + random.nextInt(800_000);
        int shown = n + 1;
        console.sendLine("echo HVB$((" + n + "+1)); " + command + "; echo \"HVE$((" + n + "+1)):$?\"");
        Pattern framed = Pattern.compile("HVB" + shown + "\\r?\\n(.*?)HVE" + shown + ":(\\d+)", Pattern.DOTALL);
        MatchResult m = console.tryExpect(timeout, framed).map(ExpectSession.Match::result).orElseThrow(
                // The command line itself may hold secrets; the masked console lines show what happened.
                () -> new ExpectTimeoutException("guest command '" + firstWord(command) + "' to finish", timeout,
                        console.transcript().lastLines(ExpectSession.TAIL_LINES)));
        return new CommandResult(Integer.parseInt(m.group(2)), m.group(1).replace("\r", ""));
    }

    static String firstWord(String command) {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    /** Whether a shell answers at all: prints a computed marker, resending until {@code timeout}. */
    public boolean answers(Duration timeout, Duration resendEvery) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int n = 100_000 + random.nextInt(800_000);
        Pattern marker = Pattern.compile("HVS" + (n + 1));
        while (System.nanoTime() < deadline) {
            console.sendLine("echo HVS$((" + n + "+1))");
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (console.tryExpect(left.compareTo(resendEvery) < 0 ? left : resendEvery, marker).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
