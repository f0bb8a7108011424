package io.hurdvm.console;

/**
 * Turns terminal output into plain text. Boot loaders and consoles paint the screen with escape
 * sequences (GRUB starts with {@code ESC[H ESC[J}, systemd colours {@code [  OK  ]}) and end lines with
 * CR LF or even LF CR; people and patterns want only the characters. The syntax is
 * {@link TerminalParser}'s, so text and {@code hurdvm logs} agree on what a sequence is.
 */
public final class AnsiText {
    private AnsiText() {
    }

    public static String strip(CharSequence text) {
        return TerminalFilter.plainText(text);
    }
}
