package io.hurdvm.web;

import io.javalin.websocket.WsContext;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser WebSocket joined to one Unix socket (the supervisor's console, QEMU's VNC display):
 * bytes from the socket go to the browser as binary messages, and the browser's messages go to the
 * socket if this bridge may write. Each message to the browser is sent before the next read, so a
 * slow browser slows the reading, and the supervisor drops a console client that falls too far
 * behind instead of hurdvm buffering without bound.
 */
final class SocketBridge implements Closeable {
    /** A browser that takes longer than this to accept one message is gone. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SocketBridge.class);

    private final String what;
    private final Optional<String> greeting;
    private final WsContext ws;
    private final SocketChannel channel;
    private final boolean mayWrite;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object writeLock = new Object();

    /**
     * @param what     for the log and the close reason, e.g. "the console of vm"
     * @param greeting a text message sent before the first bytes (all sends go through the one pump
     *                 thread: Jetty takes one message at a time)
     * @param mayWrite whether the browser's messages reach the socket (false: read-only viewer)
     * @param onClose  runs once, whoever closes first
     */
    SocketBridge(String what, Optional<String> greeting, WsContext ws, SocketChannel channel, boolean mayWrite, Runnable onClose) {
        this.what = what;
        this.greeting = greeting;
        this.ws = ws;
        this.channel = channel;
        this.mayWrite = mayWrite;
        this.onClose = onClose;
    }

    void start() {
        Thread.ofVirtual().name("web-bridge " + what).start(this::pumpToBrowser);
    }

    boolean mayWrite() {
        return mayWrite;
    }

    /** The browser's bytes, to the socket; dropped when this bridge is read-only. */
    void fromBrowser(ByteBuffer data) {
        if (!mayWrite || closed.get()) {
            return;
        }
        try {
            synchronized (writeLock) {
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            }
        } catch (IOException e) {
            close(CloseCodes.ENDED, what + " closed");
        }
    }

    private void pumpToBrowser() {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            if (greeting.isPresent()) {
                Callback.Completable sent = new Callback.Completable();
                ws.session.sendText(greeting.get(), sent);
                sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            while (!closed.get() && channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                if (buffer.hasRemaining()) {
                    send(ByteBuffer.wrap(java.util.Arrays.copyOf(buffer.array(), buffer.limit())));
                }
            }
            close(CloseCodes.ENDED, what + " closed (the instance stopped or restarted)");
        } catch (IOException | TimeoutException | ExecutionException | RuntimeException e) {
            if (!closed.get()) {
                LOG.debug("{}: bridge ended: {}", what, e.toString());
            }
            close(CloseCodes.ENDED, what + " closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(CloseCodes.ENDED, what + " closed");
        }
    }

    private void send(ByteBuffer message) throws InterruptedException, ExecutionException, TimeoutException {
        Callback.Completable sent = new Callback.Completable();
        ws.session.sendBinary(message, sent);
        sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes both sides once; the browser sees {@code code} and {@code reason}. */
    void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the socket: {}", what, e.toString());
        }
        if (ws.session.isOpen()) {
            CloseCodes.close(ws, code, reason);
        }
        onClose.run();
    }

    /** The session ended (logout, expiry) or the server stops. */
    @Override
    public void close() {
        close(CloseCodes.SESSION_ENDED, "your web console session ended: log in again");
    }
}
