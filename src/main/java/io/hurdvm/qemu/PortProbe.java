package io.hurdvm.qemu;

import io.hurdvm.vm.PortForward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Locale;

/**
 * Checks host ports before QEMU is started, so a taken port is reported in our words rather than as
 * a failed QEMU start. There is an unavoidable window between the check and QEMU's own bind; QEMU's
 * "Could not set up host forwarding rule" remains the backstop (see {@link QemuProcess#startupFailure}).
 *
 * <p>Ports below 1024 are not refused by rule: whether this user may listen there is the kernel's
 * decision (root may; others only above {@code net.ipv4.ip_unprivileged_port_start}), and the probe
 * asks the kernel by binding, so the answer is the one QEMU (same user) will get.
 */
public final class PortProbe {
    /** What binding a host socket right now says. */
    public enum Verdict { FREE, IN_USE, NOT_PERMITTED, NOT_LOCAL }

    private PortProbe() {
    }

    /** True if a listening TCP socket could bind {@code host:port} right now. */
    public static boolean isFree(String host, int port) {
        return probe(PortForward.Protocol.TCP, host, port) == Verdict.FREE;
    }

    /** Binds {@code host:port} for a moment and says how that went. */
    public static Verdict probe(PortForward.Protocol protocol, String host, int port) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
            if (protocol == PortForward.Protocol.TCP) {
                try (ServerSocket socket = new ServerSocket()) {
                    // slirp binds its TCP forwards with SO_REUSEADDR, so a port in TIME_WAIT is usable by QEMU too.
                    socket.setReuseAddress(true);
                    socket.bind(address);
                }
            } else {
                // No SO_REUSEADDR for UDP: on Linux it would let this probe share a port someone else holds.
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.setReuseAddress(false);
                    socket.bind(address);
                }
            }
            return Verdict.FREE;
        } catch (BindException e) {
            return classify(e.getMessage());
        } catch (IOException e) {
            return Verdict.IN_USE;
        }
    }

    /** The kernel's reason, from the words the JDK gives it (EADDRINUSE, EACCES, EADDRNOTAVAIL). */
    static Verdict classify(String bindError) {
        String m = String.valueOf(bindError).toLowerCase(Locale.ROOT);
        if (m.contains("permission denied")) {
            return Verdict.NOT_PERMITTED;
        }
        if (m.contains("cannot assign requested address")) {
            return Verdict.NOT_LOCAL;
        }
        return Verdict.IN_USE;
    }

    /** A TCP port the kernel considers free on {@code host} at this moment. */
    public static int pickFreePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #pickFreePort(String)}, never one of {@code avoid} (the instance's own forwards). */
    public static int pickFreePort(String host, Collection<Integer> avoid) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = pickFreePort(host);
            if (!avoid.contains(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port on " + host + " outside " + avoid));
    }

    /**
     * Fails unless QEMU will be able to listen on {@code host:port}: the address must belong to this
     * host (else QEMU fails after the instance was created) and a port other than 0 must be free.
     */
    public static void requireSshPortFree(String host, int port) {
        if (!isFree(host, 0)) {
            throw new PortInUseException("ssh-bind address " + host + " is not an address of this host:"
                    + " use 127.0.0.1 (the default) or an address this host has");
        }
        if (port != 0) {
            Verdict v = probe(PortForward.Protocol.TCP, host, port);
            if (v == Verdict.NOT_PERMITTED) {
                throw new PortInUseException("SSH port " + port + " on " + host + " needs privileges this user lacks"
                        + " (ports below 1024 need root): choose a port of 1024 or more with --ssh-port");
            }
            if (v != Verdict.FREE) {
                throw new PortInUseException("SSH port " + port + " on " + host
                        + " is already in use: choose another with --ssh-port");
            }
        }
    }

    /** Fails with one line naming the forward unless QEMU will be able to listen on its host side. */
    public static void requireFree(PortForward forward) {
        String what = "forward " + forward.describe();
        switch (probe(forward.protocol(), forward.hostAddress(), forward.hostPort())) {
            case FREE -> { }
            case NOT_LOCAL -> throw new PortInUseException(what + ": " + forward.hostAddress() + " is not an address of this host:"
                    + " use 127.0.0.1 (the default), 0.0.0.0 or an address this host has");
            case NOT_PERMITTED -> throw new PortInUseException(what + ": port " + forward.hostPort() + " needs privileges this"
                    + " user lacks (ports below 1024 need root): choose a host port of 1024 or more");
            case IN_USE -> throw new PortInUseException(what + ": port " + forward.hostPort() + "/" + forward.protocol().cliName()
                    + " on " + forward.hostAddress() + " is already in use: choose another host port");
        }
    }
}
