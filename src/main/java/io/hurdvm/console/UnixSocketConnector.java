package io.hurdvm.console;

import io.hurdvm.time.Deadline;
import io.hurdvm.time.Backoff;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Connects to a Unix socket that another process is about to create. QEMU creates its chardev socket
 * a moment after it was spawned, so the first attempts may find no file or a refused connection.
 */
public final class UnixSocketConnector {

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
        Deadline deadline = Deadline.after(timeout);
        // QEMU creates the socket within milliseconds of starting: look often at first.
        Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));
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
            if (deadline.passed()) {
                throw new IOException("serial port socket " + path + " accepted no connection within "
                        + timeout.toMillis() + " ms (" + failure.getMessage() + "); is QEMU started with this -chardev path?");
            }
            try {
                backoff.pause(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to " + path);
            }
        }
    }
}
