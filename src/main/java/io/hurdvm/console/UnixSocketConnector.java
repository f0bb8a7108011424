package io.hurdvm.console;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Connects to a Unix socket that another process is about to create. QEMU creates its chardev socket
 * a moment after it was spawned, so the first attempts may find no file or a refused connection.
 */
public final class UnixSocketConnector {
    /** Pause between attempts: QEMU creates the socket within milliseconds of starting. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(25);

    private UnixSocketConnector() {
    }

    /** One attempt; fails with the operating system's reason (no such file, connection refused). */
    public static SocketChannel connect(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Retries until connected, until {@code timeout} has passed, or until {@code ownerAlive} says the
     * process that should create the socket has exited (then waiting longer is pointless).
     */
    static SocketChannel connect(Path path, Duration timeout, BooleanSupplier ownerAlive) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            IOException failure;
            try {
                return connect(path);
            } catch (IOException e) {
                failure = e;
            }
            if (!ownerAlive.getAsBoolean()) {
                throw new IOException("QEMU exited before its serial port socket " + path + " accepted a connection"
                        + " (see the supervisor log for QEMU's error)");
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new IOException("serial port socket " + path + " accepted no connection within "
                        + timeout.toMillis() + " ms (" + failure.getMessage() + "); is QEMU started with this -chardev path?");
            }
            try {
                Thread.sleep(RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to " + path);
            }
        }
    }
}
