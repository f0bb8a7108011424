package io.hurdvm.config;

import io.hurdvm.vm.InvalidSpecException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human forms users type: "2048", "2G", "512M" for memory; "90s", "5m", "1h30m" for time.
 * Every number is checked for overflow, so a typo such as {@code 16777216T} is refused instead of
 * wrapping to a small (or zero) value that would then be acted upon.
 */
public final class SizeParser {
    /**
     * The longest duration a flag accepts unless its caller says otherwise: longer than any sensible
     * wait (a Hurd boot under TCG takes minutes, a big backup hours), short enough that deadline
     * arithmetic ({@code now + timeout}) can never overflow.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    private static final Pattern MIB = Pattern.compile("(\\d+)\\s*([mg]i?b?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*([kmgt]i?b?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private SizeParser() {
    }

    /** Memory in MiB; a bare number is MiB (the seed's QEMU_RAM convention). */
    public static int mebibytes(String what, String text) {
        Matcher m = MIB.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use MiB as a number (2048) or with a unit (512M, 2G)");
        }
        String unit = m.group(2) == null ? "m" : m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
        BigInteger mib = new BigInteger(m.group(1)).shiftLeft(unit.equals("g") ? 10 : 0);
        if (mib.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw tooLarge(what, text);
        }
        return mib.intValue();
    }

    /** A size in bytes; a bare number is bytes, units are binary (K, M, G, T). */
    public static long bytes(String what, String text) {
        return bytes(what, text, Long.MAX_VALUE);
    }

    /** As {@link #bytes(String, String)}, refusing more than {@code max} bytes with the bound named. */
    public static long bytes(String what, String text, long max) {
        Matcher m = BYTES.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use bytes or a unit (512M, 10G)");
        }
        int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 40;
        };
        // BigInteger: a shifted long wraps silently (16777216T is 2^64 bytes, which wraps to 0).
        BigInteger n = new BigInteger(m.group(1)).shiftLeft(shift);
        if (n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw max == Long.MAX_VALUE ? tooLarge(what, text)
                    : new InvalidSpecException("invalid " + what + " '" + text + "': at most " + ByteSize.human(max) + " is allowed");
        }
        return n.longValueExact();
    }

    private static InvalidSpecException tooLarge(String what, String text) {
        return new InvalidSpecException("invalid " + what + " '" + text + "': the number is too large");
    }

    public static int count(String what, String text) {
        String t = text.trim();
        if (!t.matches("-?\\d+")) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use a whole number");
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw tooLarge(what, text);
        }
    }

    /** "90s", "5m", "1h30m", "2d", "500ms", or a bare number of seconds; at most {@link #MAX_DURATION}. */
    public static Duration duration(String what, String text) {
        return duration(what, text, MAX_DURATION);
    }

    /** As {@link #duration(String, String)}, with the caller's upper bound. */
    public static Duration duration(String what, String text, Duration max) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration total = Duration.ZERO;
        try {
            if (t.matches("\\d+")) {
                total = Duration.ofSeconds(Long.parseLong(t));
            } else {
                total = sumOfParts(what, text, t);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw tooLong(what, text, max);
        }
        if (total.compareTo(max) > 0) {
            throw tooLong(what, text, max);
        }
        return total;
    }

    private static Duration sumOfParts(String what, String text, String t) {
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use a duration such as 90s, 5m or 1h30m");
        }
        return total;
    }

    private static InvalidSpecException tooLong(String what, String text, Duration max) {
        return new InvalidSpecException("invalid " + what + " '" + text + "': at most " + human(max) + " is allowed");
    }

    /** e.g. "7d", "90s", "1h30m": the form this parser reads. */
    public static String human(Duration d) {
        StringBuilder sb = new StringBuilder();
        long s = d.toSeconds();
        long[] units = {86400, 3600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                sb.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return sb.isEmpty() ? d.toMillis() + "ms" : sb.toString();
    }

    public static boolean flag(String what, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new InvalidSpecException("invalid " + what + " '" + text + "': use true or false");
        };
    }
}
