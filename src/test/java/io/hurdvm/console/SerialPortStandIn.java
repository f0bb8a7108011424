package io.hurdvm.console;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Stands in for QEMU's {@code -chardev socket,server=on} serial port in fast tests: a real Unix socket
 * server that accepts one client (as QEMU does), lets the test print "guest output" and records what
 * the client typed in a {@link ConsoleBuffer} the test can wait on. Tests against real QEMU are the ITs.
 */
final class SerialPortStandIn implements Closeable {
    private final ServerSocketChannel server;
    private final ConsoleBuffer received = new ConsoleBuffer();
    private SocketChannel client;

    private SerialPortStandIn(ServerSocketChannel server) {
        this.server = server;
    }

    static SerialPortStandIn listen(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        SerialPortStandIn standIn = new SerialPortStandIn(server);
        Thread.ofVirtual().start(standIn::acceptAndRead);
        return standIn;
    }

    /** What clients typed, waitable. */
    ConsoleBuffer received() {
        return received;
    }

    boolean awaitTyped(String regex, Duration timeout) throws InterruptedException {
        return received.awaitPattern(Pattern.compile(regex), Instant.now().plus(timeout));
    }

    /** Sends "guest output" to the connected client. */
    void print(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        SocketChannel c = awaitClient(Duration.ofSeconds(5));
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            c.write(out);
        }
    }

    /** The connected client; waits for one (accept runs on its own thread) up to {@code timeout}. */
    synchronized SocketChannel awaitClient(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (client == null || !client.isOpen()) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new IOException("no client connected to the serial stand-in within " + timeout);
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return client;
    }

    /** Drops the current client, as QEMU does when it exits. */
    void hangUp() throws IOException {
        // The hub's connect returns once the kernel queued it, maybe before the accepting thread took
        // the client: closing "whatever client there is" then closed nothing (a CI failure).
        awaitClient(Duration.ofSeconds(5)).close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (this) {
            if (client != null) {
                client.close();
            }
        }
    }

    private void acceptAndRead() {
        try {
            while (true) {
                SocketChannel c = server.accept();
                synchronized (this) {
                    client = c;
                    notifyAll();
                }
                ByteBuffer in = ByteBuffer.allocate(4096);
                try {
                    while (c.read(in.clear()) >= 0) {
                        received.append(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
                    }
                } catch (IOException clientGone) {
                    // Next client, like QEMU after a disconnect.
                }
            }
        } catch (IOException serverClosed) {
            // Test is over.
        }
    }
}
