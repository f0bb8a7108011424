package io.hurdvm.console;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attached console client on the supervisor side. Output is queued per client and written by the
 * client's own thread, so a stalled client (a suspended terminal) never stalls the serial reader, the
 * guest or the other clients; one that falls more than {@link #MAX_PENDING_BYTES} behind is dropped.
 * What the client types goes to the guest's serial port.
 */
final class AttachSession implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AttachSession.class);
    static final int MAX_PENDING_BYTES = 1024 * 1024;
    private static final byte[] END = new byte[0];
    private static final byte[] GUEST_DOWN_NOTICE =
            "\r\n[hurdvm: the guest is not running; input is discarded]\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel client;
    private final SerialHub hub;
    private final Consumer<AttachSession> onClose;
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SerialHub.Subscription subscription;
    private boolean guestDownNoticeSent;

    AttachSession(SocketChannel client, SerialHub hub, Consumer<AttachSession> onClose) {
        this.client = client;
        this.hub = hub;
        this.onClose = onClose;
    }

    void start(int historyChars) {
        subscription = hub.subscribe(this::enqueue, historyChars);
        Thread.ofVirtual().name("console-client-out").start(this::writeLoop);
        Thread.ofVirtual().name("console-client-in").start(this::readLoop);
    }

    /** Called on the serial reader thread: must not block. */
    private void enqueue(byte[] chunk) {
        if (closed.get()) {
            return;
        }
        if (pendingBytes.addAndGet(chunk.length) > MAX_PENDING_BYTES) {
            LOG.warn("console client fell {} bytes behind; disconnecting it", pendingBytes.get());
            close();
            return;
        }
        outbox.add(chunk);
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] chunk = outbox.take();
                if (chunk == END) {
                    return;
                }
                ByteBuffer out = ByteBuffer.wrap(chunk);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                pendingBytes.addAndGet(-chunk.length);
            }
        } catch (IOException e) {
            LOG.debug("console client output ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void readLoop() {
        ByteBuffer in = ByteBuffer.allocate(1024);
        try {
            while (client.read(in.clear()) >= 0) {
                if (in.position() > 0) {
                    forwardToGuest(Arrays.copyOf(in.array(), in.position()));
                }
            }
        } catch (IOException e) {
            LOG.debug("console client input ended: {}", e.toString());
        } finally {
            close();
        }
    }

    private void forwardToGuest(byte[] input) {
        try {
            hub.send(input);
            guestDownNoticeSent = false;
        } catch (IOException e) {
            // Between QEMU restarts there is no serial port to type into; say so once, not per key.
            if (!guestDownNoticeSent) {
                enqueue(GUEST_DOWN_NOTICE);
                guestDownNoticeSent = true;
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SerialHub.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        outbox.add(END);
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing console client: {}", e.toString());
        }
        onClose.accept(this);
    }
}
