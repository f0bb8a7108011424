package io.hurdvm.vm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A host port forwarded by QEMU user networking to a guest port (TCP). */
public record PortForward(String hostAddress, int hostPort, int guestPort) {
    /** Dotted quad, each octet 0-255 without leading zeros (which some parsers read as octal). */
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");

    public PortForward {
        requireIpv4("forward address", hostAddress);
        checkPort("host", hostPort, true);
        checkPort("guest", guestPort, false);
    }

    /** {@code text} if it is an IPv4 address; else fails naming {@code what} (e.g. "ssh-bind"). */
    public static String requireIpv4(String what, String text) {
        if (!isIpv4(text)) {
            throw new InvalidSpecException("invalid " + what + " '" + printable(text)
                    + "': use an IPv4 address such as 127.0.0.1 (four numbers 0-255)");
        }
        return text;
    }

    static boolean isIpv4(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Port 0 on the host side means "pick a free port when starting". */
    private static void checkPort(String side, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new InvalidSpecException("invalid " + side + " port " + port + ": use 1-65535"
                    + (zeroAllowed ? " (or 0 to pick a free one)" : ""));
        }
    }

    public static PortForward loopbackSsh(int hostPort) {
        return new PortForward("127.0.0.1", hostPort, 22);
    }

    public PortForward withHostPort(int port) {
        return new PortForward(hostAddress, port, guestPort);
    }

    /** The {@code hostfwd=} value QEMU expects. */
    public String qemuHostfwd() {
        return "tcp:" + hostAddress + ":" + hostPort + "-:" + guestPort;
    }
}
