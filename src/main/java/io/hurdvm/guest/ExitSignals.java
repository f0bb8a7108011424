package io.hurdvm.guest;

import java.util.Map;

/**
 * The exit code for a remote command that a signal ended: 128 + the signal's number, as a shell
 * reports it. SSH names signals without the SIG prefix (RFC 4254 §6.10); the numbers are the
 * host's (Linux x86), because the exit code is read by scripts on the host.
 */
public final class ExitSignals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25));
    /** What OpenSSH's client exits with when it cannot tell how the command ended. */
    static final int UNKNOWN = 255;

    private ExitSignals() {
    }

    /** {@code "TERM"} (or {@code "SIGTERM"}) gives 143; an unknown name gives 255. */
    public static int exitCode(String signal) {
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        Integer number = NUMBERS.get(name);
        return number == null ? UNKNOWN : 128 + number;
    }
}
