package io.hurdvm.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * {@code serve --listen unix:PATH}: Jetty's Unix-domain connector and the socket file around it. A
 * file's mode is a Unix socket's only access control, so once bound the socket is made 0600: only
 * the daemon's user can connect. (Until then it has the mode the umask gives; with the usual 022
 * nobody else may write to it, and connecting needs write permission.) Jetty deletes the file when
 * the server stops; a file left by a daemon that died is removed before binding, a live one is not.
 */
final class UnixSocketListener {
    private UnixSocketListener() {
    }

    static Connector connector(Server server, HttpConfiguration http, Path socket) {
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
        connector.setUnixDomainPath(socket);
        return connector;
    }

    /** Makes the path free to bind: creates its folder, removes a stale socket, refuses anything else. */
    static void claim(Path socket) {
        try {
            Files.createDirectories(socket.getParent());
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IllegalStateException("cannot listen on unix:" + socket + ": a file that is not a socket is in the way;"
                        + " remove it or choose another path");
            }
            if (answers(socket)) {
                throw new IllegalStateException("cannot listen on unix:" + socket + ": another process listens there;"
                        + " stop it or choose another path");
            }
            Files.delete(socket); // nobody listens: left behind by a daemon that was killed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare unix:" + socket + ": " + e.getMessage(), e);
        }
    }

    static void restrictToOwner(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make unix:" + socket + " private (mode 0600): " + e.getMessage(), e);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
