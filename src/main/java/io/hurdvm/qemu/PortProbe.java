package io.hurdvm.qemu;

import io.hurdvm.vm.PortForward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks host ports before QEMU is started, so a taken port is reported in our words rather than as
 * a failed QEMU start. There is an unavoidable window between the check and QEMU's own bind; QEMU's
 * "Could not set up host forwarding rule" remains the backstop (see {@link QemuProcess#startupFailure}).
 */
public final class PortProbe {
    private PortProbe() {
    }

    /** True if a listening socket could bind {@code host:port} right now. */
    public static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // slirp binds its forwards with SO_REUSEADDR, so a port in TIME_WAIT is usable by QEMU too.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the kernel considers free on {@code host} at this moment. */
    public static int pickFreePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
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
        if (port != 0 && !isFree(host, port)) {
            throw new PortInUseException("SSH port " + port + " on " + host
                    + " is already in use: choose another with --ssh-port");
        }
    }

    public static void requireFree(PortForward forward) {
        if (!isFree(forward.hostAddress(), forward.hostPort())) {
            throw new PortInUseException("port " + forward.hostPort() + " on " + forward.hostAddress()
                    + " (forwarded to guest port " + forward.guestPort() + ") is already in use: choose another host port");
        }
    }
}
