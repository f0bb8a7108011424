package io.hurdvm.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the daemon listens, from {@code --listen HOST:PORT} ({@code [::1]:8480} for IPv6) or
 * {@code --listen unix:/path/api.sock}. Port 0 picks a free port (tests). For a Unix socket, host and
 * port are unused ({@code localhost} and 0): only {@code unixSocket} says where.
 */
public record ListenAddress(String host, int port, Optional<Path> unixSocket) {
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 8480);
    static final String UNIX_PREFIX = "unix:";
    /** sun_path is 108 bytes on Linux, one of them the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    public ListenAddress {
        Objects.requireNonNull(unixSocket, "unixSocket");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--listen needs a host, e.g. 127.0.0.1:8480");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port " + port + " is out of range 0-65535");
        }
        unixSocket = unixSocket.map(p -> p.toAbsolutePath().normalize());
        unixSocket.ifPresent(ListenAddress::requireShortEnough);
    }

    public ListenAddress(String host, int port) {
        this(host, port, Optional.empty());
    }

    public static ListenAddress unix(Path socket) {
        return new ListenAddress("localhost", 0, Optional.of(socket));
    }

    public static ListenAddress parse(String text) {
        String t = text.strip();
        if (t.startsWith(UNIX_PREFIX)) {
            String path = t.substring(UNIX_PREFIX.length()).strip();
            if (path.isEmpty()) {
                throw new IllegalArgumentException("invalid --listen '" + t + "': give the socket's path, e.g. unix:/run/hurdvm/api.sock");
            }
            return unix(Path.of(path));
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("invalid --listen '" + t + "': use HOST:PORT, e.g. 127.0.0.1:8480, or unix:PATH");
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

    private static void requireShortEnough(Path socket) {
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("--listen unix:" + socket + " is " + bytes + " bytes long, Unix sockets allow "
                    + MAX_SOCKET_PATH_BYTES + ": choose a shorter path");
        }
    }

    /** True for a Unix socket: only processes on this host that may open the file can connect. */
    public boolean isLocalOnly() {
        return unixSocket.isPresent() || isLoopback();
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
        return unixSocket.map(p -> UNIX_PREFIX + p)
                .orElseGet(() -> (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
}
