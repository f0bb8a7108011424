package io.hurdvm.console;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's {@code console.sock}: any number of {@code hurdvm console} clients attach to the
 * guest's serial console through it. Each gets the last {@code historyChars} of output first (so a
 * user attaching to an idle guest sees its prompt), then the live stream; what each types goes to the
 * guest. Clients come and go independently of each other and of the {@link SerialHub}.
 *
 * <p>The socket is made owner-only (0600) right after bind; the instance folder is 0700 as well, so the
 * short window before the chmod exposes nothing.
 */
public final class ConsoleAttachServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAttachServer.class);
    public static final int DEFAULT_HISTORY_CHARS = 4096;

    private final Path socketPath;
    private final SerialHub hub;
    private final int historyChars;
    private final Set<AttachSession> sessions = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;

    public ConsoleAttachServer(Path socketPath, SerialHub hub, int historyChars) {
        this.socketPath = socketPath;
        this.hub = hub;
        this.historyChars = historyChars;
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("console attach server already started on " + socketPath);
        }
        removeStaleSocket();
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socketPath));
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on console socket " + socketPath + ": " + e.getMessage(), e);
        }
        server = channel;
        Thread.ofPlatform().name("console-accept " + socketPath).daemon().start(() -> acceptLoop(channel));
    }

    /** Clients attached right now. */
    public int clientCount() {
        return sessions.size();
    }

    public Path socketPath() {
        return socketPath;
    }

    /**
     * Stops accepting, disconnects every client and removes the socket file, if this server created it
     * (a failed {@link #start()} must not delete the socket of the supervisor that holds it).
     */
    @Override
    public synchronized void close() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        server = null;
        for (AttachSession session : List.copyOf(sessions)) {
            session.close();
        }
        Files.deleteIfExists(socketPath);
    }

    private void acceptLoop(ServerSocketChannel channel) {
        try {
            while (true) {
                SocketChannel client = channel.accept();
                AttachSession session = new AttachSession(client, hub, sessions::remove);
                sessions.add(session);
                session.start(historyChars);
                LOG.info("console client attached ({} attached)", sessions.size());
            }
        } catch (ClosedChannelException e) {
            LOG.debug("console attach server closed");
        } catch (IOException e) {
            LOG.error("console attach server stopped accepting on {}: {}", socketPath, e.toString());
        }
    }

    /**
     * A socket file left by a supervisor that crashed blocks bind; remove it unless a live process
     * still accepts on it (then two supervisors would fight over one instance).
     */
    private void removeStaleSocket() throws IOException {
        if (!Files.exists(socketPath)) {
            return;
        }
        boolean live;
        try (SocketChannel probe = UnixSocketConnector.connect(socketPath)) {
            live = true;
        } catch (IOException refused) {
            live = false;
        }
        if (live) {
            throw new IOException("console socket " + socketPath + " is in use by another process;"
                    + " is another supervisor running for this instance?");
        }
        Files.deleteIfExists(socketPath);
    }
}
