package io.hurdvm.vm;

import java.util.regex.Pattern;

/**
 * The name of an instance. It becomes a folder name, a socket name and a metrics label, so it is
 * restricted to a safe alphabet; in particular no path separators and no {@code ..}.
 */
public record InstanceName(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,47}");

    public InstanceName {
        if (value == null || value.isEmpty()) {
            throw new InvalidSpecException("instance name is empty: use letters, digits, '.', '_' or '-'");
        }
        if (value.contains("/") || value.contains("..") || !ALLOWED.matcher(value).matches()) {
            throw new InvalidSpecException("invalid instance name '" + printable(value)
                    + "': use 1-48 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, no '/' or '..'");
        }
    }

    public static InstanceName of(String value) {
        return new InstanceName(value);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return value;
    }
}
