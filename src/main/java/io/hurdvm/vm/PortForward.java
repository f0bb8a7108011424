package io.hurdvm.vm;

import java.util.regex.Pattern;

/** A host port forwarded by QEMU user networking to a guest port (TCP). */
public record PortForward(String hostAddress, int hostPort, int guestPort) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public PortForward {
        if (hostAddress == null || !IPV4.matcher(hostAddress).matches()) {
            throw new InvalidSpecException("invalid forward address '" + hostAddress + "': use an IPv4 address such as 127.0.0.1");
        }
        checkPort("host", hostPort, true);
        checkPort("guest", guestPort, false);
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
