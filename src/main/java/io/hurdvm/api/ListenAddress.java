package io.hurdvm.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the daemon listens, from {@code --listen HOST:PORT} ({@code [::1]:8480} for IPv6). Port 0
 * picks a free port (tests).
 */
public record ListenAddress(String host, int port) {
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 8480);

    public ListenAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--listen needs a host, e.g. 127.0.0.1:8480");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port " + port + " is out of range 0-65535");
        }
    }

    public static ListenAddress parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("invalid --listen '" + t + "': use HOST:PORT, e.g. 127.0.0.1:8480");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new ListenAddress(host, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid --listen port in '" + t + "': use HOST:PORT, e.g. 127.0.0.1:8480");
        }
    }

    /** True only if every address the host name resolves to is a loopback address. */
    public boolean isLoopback() {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen host '" + host + "' does not resolve: use an IP address such as 127.0.0.1");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
