package io.hurdvm.console;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to recognise one boot phase: a pattern searched ({@link java.util.regex.Matcher#find()}) in each
 * console line as plain text (escape sequences and CRs removed). Unfinished lines count too, because a
 * login prompt never ends its line.
 */
public record PhasePattern(String name, Pattern pattern) {
    public static final String FIRMWARE = "FIRMWARE";
    public static final String BOOTLOADER = "BOOTLOADER";
    public static final String KERNEL = "KERNEL";
    public static final String USERLAND = "USERLAND";
    public static final String LOGIN = "LOGIN";

    public PhasePattern {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
    }

    public static PhasePattern of(String name, String regex) {
        return new PhasePattern(name, Pattern.compile(regex));
    }

    /**
     * Defaults for Debian GNU/Hurd and Linux guests, in boot order. FIRMWARE and BOOTLOADER show only
     * when SeaBIOS and GRUB write to the serial port (SeaBIOS under {@code -nodefaults} usually does not);
     * missing phases are normal.
     */
    public static List<PhasePattern> defaults() {
        return List.of(
                of(FIRMWARE, "SeaBIOS|iPXE"),
                of(BOOTLOADER, "GRUB|Booting `"),
                // gnumach starts its output with the line "GNU Mach 1.8+git20221224-486"; anchored because
                // GRUB's menu entry "Debian GNU/Hurd, with GNU Mach 1.8..." names it too.
                of(KERNEL, "^\\s*GNU Mach \\d|Linux version \\d"),
                // Hurd: the bootstrap line listing the first servers; Linux: the kernel handing over to init.
                of(USERLAND, "Hurd server bootstrap|Run /s?bin/init|Run /init|systemd\\[1\\]|INIT: version"),
                // Case-sensitive, at the end of the line: "Last login: ..." must not count.
                of(LOGIN, "login:\\s*$"));
    }
}
