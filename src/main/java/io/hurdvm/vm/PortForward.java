package io.hurdvm.vm;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A host port forwarded by QEMU user networking to a guest port, over TCP or UDP. */
public record PortForward(String hostAddress, int hostPort, int guestPort, Protocol protocol) {
    /** Dotted quad, each octet 0-255 without leading zeros (which some parsers read as octal). */
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");

    /** The transports QEMU's {@code hostfwd=} knows. */
    public enum Protocol {
        TCP, UDP;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Protocol parse(String text) {
            return switch (text) {
                case "tcp" -> TCP;
                case "udp" -> UDP;
                default -> throw new InvalidSpecException("invalid protocol '" + printable(text) + "': use tcp or udp");
            };
        }
    }

    public PortForward {
        requireIpv4("forward address", hostAddress);
        checkPort("host", hostPort, true);
        checkPort("guest", guestPort, false);
        if (protocol == null) {
            protocol = Protocol.TCP;
        }
    }

    /** A TCP forward. */
    public PortForward(String hostAddress, int hostPort, int guestPort) {
        this(hostAddress, hostPort, guestPort, Protocol.TCP);
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

    static String printable(String s) {
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
        return new PortForward(hostAddress, port, guestPort, protocol);
    }

    /** Whether the host side listens on a loopback address only (127.0.0.0/8). */
    public boolean loopbackOnly() {
        return hostAddress.startsWith("127.");
    }

    /**
     * Whether both would bind the same host socket: same protocol and port, and the same address or
     * one of them the wildcard 0.0.0.0 (which covers every address of the host).
     */
    public boolean clashesWith(PortForward other) {
        return protocol == other.protocol && hostPort == other.hostPort
                && (hostAddress.equals(other.hostAddress) || hostAddress.equals("0.0.0.0") || other.hostAddress.equals("0.0.0.0"));
    }

    /** The {@code hostfwd=} value QEMU expects. */
    public String qemuHostfwd() {
        return protocol.cliName() + ":" + hostAddress + ":" + hostPort + "-:" + guestPort;
    }

    /** For people and for {@code --forward}: {@code 127.0.0.1:8080:80/tcp}, the form the parser reads back. */
    public String describe() {
        return hostAddress + ":" + hostPort + ":" + guestPort + "/" + protocol.cliName();
    }
}
