package io.hurdvm.readiness;

import java.util.List;
import java.util.regex.Pattern;

/** Factories for the readiness checks, e.g. {@code Wait.allOf(Wait.forConsole("login:"), Wait.forSshBanner())}. */
public final class Wait {
    private Wait() {
    }

    /**
     * Console output matching {@code regex}. Compiled with {@link Pattern#MULTILINE}, so {@code ^} and
     * {@code $} anchor at line starts and ends: {@code "login:\\s*$"} finds a login prompt.
     */
    public static ReadinessCheck forConsole(String regex) {
        return new ConsolePatternCheck(Pattern.compile(regex, Pattern.MULTILINE));
    }

    /** The guest's SSH server identifying itself on the forwarded port. */
    public static ReadinessCheck forSshBanner() {
        return new SshBannerCheck();
    }

    /** {@code command} exiting 0 when run in the guest through {@code runner}. */
    public static ReadinessCheck forSshCommand(GuestCommandRunner runner, String command) {
        return new SshCommandCheck(runner, command);
    }

    public static ReadinessCheck allOf(ReadinessCheck... checks) {
        return new AllOf(List.of(checks));
    }
}
