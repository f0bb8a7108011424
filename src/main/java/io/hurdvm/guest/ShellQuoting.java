package io.hurdvm.guest;

/** POSIX shell quoting for text we put into command lines typed into the guest. */
public final class ShellQuoting {
    private ShellQuoting() {
    }

    /** {@code it's} becomes {@code 'it'\''s'}: safe for any text in sh, bash and busybox ash. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
