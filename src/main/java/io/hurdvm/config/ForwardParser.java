package io.hurdvm.config;

import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.PortForward;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads port forwards as users type them: {@code [BIND:]HOSTPORT:GUESTPORT[/tcp|udp]}, e.g.
 * {@code 8080:80}, {@code 0.0.0.0:5353:53/udp}. Without a bind address a forward listens on
 * 127.0.0.1 only: exposing a guest service beyond this host must be asked for by name. A list is
 * comma-separated (how the repeatable flag, the YAML list and HURDVM_FORWARDS travel as one
 * setting); {@code none} is the empty list, so a saved list can be cleared.
 */
public final class ForwardParser {
    public static final String NONE = "none";
    private static final String DEFAULT_BIND = "127.0.0.1";
    private static final Pattern FORWARD = Pattern.compile("(?:([^:/]*):)?([^:/]*):([^:/]*)(?:/(.*))?");

    private ForwardParser() {
    }

    public static PortForward parse(String text) {
        String t = text.strip();
        Matcher m = FORWARD.matcher(t);
        if (!m.matches()) {
            throw invalid(text, "use [BIND:]HOSTPORT:GUESTPORT[/tcp|udp], e.g. 8080:80 or 0.0.0.0:5353:53/udp");
        }
        String bind = m.group(1) == null ? DEFAULT_BIND : m.group(1);
        if (!bind.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw invalid(text, "the bind address must be an IPv4 address such as 127.0.0.1 or 0.0.0.0");
        }
        int host = port(text, "host", m.group(2));
        int guest = port(text, "guest", m.group(3));
        PortForward.Protocol protocol = m.group(4) == null ? PortForward.Protocol.TCP : protocol(text, m.group(4));
        try {
            return new PortForward(PortForward.requireIpv4("bind address", bind), host, guest, protocol);
        } catch (InvalidSpecException e) {
            throw invalid(text, e.getMessage());
        }
    }

    /** A comma-separated list; blank parts are skipped, {@code none} alone is the empty list. */
    public static List<PortForward> parseList(String text) {
        if (text == null || text.isBlank() || text.strip().equals(NONE)) {
            return List.of();
        }
        List<PortForward> list = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                list.add(parse(part));
            }
        }
        return List.copyOf(list);
    }

    /** The setting's text for a list: what {@link #parseList} reads back. */
    public static String format(List<PortForward> forwards) {
        if (forwards.isEmpty()) {
            return NONE;
        }
        return String.join(",", forwards.stream().map(PortForward::describe).toList());
    }

    private static int port(String text, String side, String value) {
        if (!value.matches("\\d{1,5}")) {
            throw invalid(text, "the " + side + " port must be a number 1-65535");
        }
        int p = Integer.parseInt(value);
        if (p < 1 || p > 65535) {
            throw invalid(text, "the " + side + " port must be a number 1-65535");
        }
        return p;
    }

    private static PortForward.Protocol protocol(String text, String value) {
        try {
            return PortForward.Protocol.parse(value.toLowerCase(Locale.ROOT));
        } catch (InvalidSpecException e) {
            throw invalid(text, "the protocol must be tcp or udp");
        }
    }

    private static InvalidSpecException invalid(String text, String why) {
        return new InvalidSpecException("invalid --forward '" + printable(text) + "': " + why);
    }

    private static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 80 ? p.substring(0, 80) + "..." : p;
    }
}
