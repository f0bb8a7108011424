package io.hurdvm.config;

import io.hurdvm.vm.InvalidSpecException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human forms users type: "2048", "2G", "512M" for memory; "90s", "5m", "1h30m" for time. */
public final class SizeParser {
    private static final Pattern MIB = Pattern.compile("(\\d+)\\s*([mg]i?b?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*([kmgt]i?b?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private SizeParser() {
    }

    /** Memory in MiB; a bare number is MiB (the seed's QEMU_RAM convention). */
    public static int mebibytes(String what, String text) {
        Matcher m = MIB.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use MiB as a number (2048) or with a unit (512M, 2G)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
        long mib = unit.equals("g") ? n * 1024 : n;
        if (mib > Integer.MAX_VALUE) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': too large");
        }
        return (int) mib;
    }

    /** A size in bytes; a bare number is bytes, units are binary (K, M, G, T). */
    public static long bytes(String what, String text) {
        Matcher m = BYTES.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use bytes or a unit (512M, 10G)");
        }
        long n = Long.parseLong(m.group(1));
        if (m.group(2) == null) {
            return n;
        }
        int shift = switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 40;
        };
        return n << shift;
    }

    public static int count(String what, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use a whole number");
        }
    }

    /** "90s", "5m", "1h30m", "500ms", or a bare number of seconds. */
    public static Duration duration(String what, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new InvalidSpecException("invalid " + what + " '" + text + "': use a duration such as 90s, 5m or 1h30m");
        }
        return total;
    }

    public static boolean flag(String what, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new InvalidSpecException("invalid " + what + " '" + text + "': use true or false");
        };
    }
}
