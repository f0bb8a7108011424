package io.hurdvm.console;

import java.util.regex.Pattern;

/**
 * Turns terminal output into plain text. Boot loaders and consoles paint the screen with escape
 * sequences (GRUB starts with {@code ESC[H ESC[J}, systemd colours {@code [  OK  ]}) and end lines with
 * CR LF or even LF CR; people and patterns want only the characters.
 */
public final class AnsiText {
    /**
     * CSI ({@code ESC [ params intermediates final}), OSC ({@code ESC ] ... BEL|ST}), charset selection
     * ({@code ESC ( B}) and the remaining two-character escapes; then every C0 control but TAB and LF
     * (CR, BEL, backspace, a stray ESC).
     */
    private static final Pattern ESCAPES = Pattern.compile(
            "\\e\\[[0-?]*[ -/]*[@-~]"
                    + "|\\e\\][^\\a\\e]*(?:\\a|\\e\\\\)?"
                    + "|\\e[()*+][0-9A-Za-z]"
                    + "|\\e[@-Z\\\\-_=>78]"
                    + "|[\\x00-\\x08\\x0b-\\x1f\\x7f]");

    private AnsiText() {
    }

    public static String strip(CharSequence text) {
        return ESCAPES.matcher(text).replaceAll("");
    }
}
