package io.hurdvm.console;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one client of QEMU's serial port socket (QEMU accepts only one), fanning the stream out: every
 * chunk read goes to the {@link RotatingLog}, the {@link ConsoleBuffer}, the line-based
 * {@link ConsoleListener}s and the raw subscribers (attached {@code hurdvm console} clients). Input from
 * {@link #send} goes to the guest's COM1.
 *
 * <p>Subscribers and listeners outlive a QEMU restart: {@link #reconnect} drops the old connection,
 * starts a new console epoch and connects to the new QEMU at the same socket path.
 */
public final class SerialHub implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialHub.class);
    private static final Duration READER_STOP_TIMEOUT = Duration.ofSeconds(5);

    /** A raw subscriber; {@link #cancel()} stops delivery. */
    public interface Subscription {
        void cancel();
    }

    private final Path socket;
    private final RotatingLog log;
    private final ConsoleBuffer buffer;
    private final List<ConsoleListener> listeners = new CopyOnWriteArrayList<>();
    /** Guards buffer appends together with subscriber delivery, so history + live output never overlap. */
    private final Object fanout = new Object();
    private final List<Consumer<byte[]>> subscribers = new ArrayList<>();
    private final Object writeLock = new Object();
    private volatile SerialConnection current;
    private boolean logFailureReported;

    public SerialHub(Path serialSocket, RotatingLog log, ConsoleBuffer buffer) {
        this.socket = serialSocket;
        this.log = log;
        this.buffer = buffer;
    }

    public void addListener(ConsoleListener listener) {
        listeners.add(listener);
    }

    public ConsoleBuffer buffer() {
        return buffer;
    }

    /**
     * Connects to QEMU started at {@code qemuStart}, retrying until {@code timeout} while
     * {@code qemuAlive} holds: the socket appears only once QEMU has set up its chardev.
     */
    public void connect(Instant qemuStart, Duration timeout, BooleanSupplier qemuAlive) throws IOException {
        disconnect();
        buffer.startEpoch();
        for (ConsoleListener listener : listeners) {
            listener.bootStarted(qemuStart);
        }
        SocketChannel channel = UnixSocketConnector.connect(socket, timeout, qemuAlive);
        SerialConnection connection = new SerialConnection(channel, this::deliver);
        current = connection;
        connection.start("serial-reader " + socket);
    }

    /** For a QEMU restart: same socket path, new process, new console epoch. */
    public void reconnect(Instant qemuStart, Duration timeout, BooleanSupplier qemuAlive) throws IOException {
        connect(qemuStart, timeout, qemuAlive);
    }

    /** True while connected to QEMU's serial port (false once QEMU closed it, e.g. by exiting). */
    public boolean isConnected() {
        SerialConnection c = current;
        return c != null && c.isReading();
    }

    /** Writes to the guest's serial port, as if typed. Fails when no QEMU is connected. */
    public void send(byte[] data) throws IOException {
        SerialConnection c = current;
        if (c == null || !c.isReading()) {
            throw new IOException("guest serial console is not connected (QEMU is not running)");
        }
        synchronized (writeLock) {
            ByteBuffer out = ByteBuffer.wrap(data);
            while (out.hasRemaining()) {
                c.channel().write(out);
            }
        }
    }

    /**
     * Delivers every chunk read from now on to {@code sink}, after first handing it up to
     * {@code historyChars} of recent output of this boot (from a line start), without the terminal
     * queries in it ({@link TerminalFilter.Mode#WITHOUT_QUERIES}); the live stream is passed as it is.
     * The sink is called on the reader thread and must not block: queue the bytes.
     */
    public Subscription subscribe(Consumer<byte[]> sink, int historyChars) {
        synchronized (fanout) {
            String history = historyChars > 0 ? buffer.tail(historyChars) : "";
            if (!history.isEmpty()) {
                // The guest asked its terminal of the time; replayed, the new client's terminal would
                // answer into the guest's input (at a login: prompt, as the user name).
                byte[] replay = TerminalFilter.filter(history.getBytes(StandardCharsets.UTF_8), TerminalFilter.Mode.WITHOUT_QUERIES);
                if (replay.length > 0) {
                    sink.accept(replay);
                }
            }
            subscribers.add(sink);
        }
        return () -> {
            synchronized (fanout) {
                subscribers.remove(sink);
            }
        };
    }

    @Override
    public void close() {
        disconnect();
        synchronized (fanout) {
            subscribers.clear();
        }
    }

    private void disconnect() {
        SerialConnection old = current;
        current = null;
        if (old != null) {
            old.stop(READER_STOP_TIMEOUT);
        }
    }

    /** Runs on the reader thread for every chunk QEMU sent. */
    private void deliver(byte[] chunk, String text, List<ConsoleLine> lines) {
        appendToLog(chunk);
        synchronized (fanout) {
            buffer.append(text);
            for (Consumer<byte[]> sink : List.copyOf(subscribers)) {
                try {
                    sink.accept(chunk);
                } catch (RuntimeException e) {
                    LOG.warn("dropping console subscriber that failed: {}", e.toString());
                    subscribers.remove(sink);
                }
            }
        }
        for (ConsoleLine line : lines) {
            for (ConsoleListener listener : listeners) {
                try {
                    listener.onLine(line);
                } catch (RuntimeException e) {
                    LOG.warn("console listener {} failed on a line: {}", listener, e.toString());
                }
            }
        }
    }

    private void appendToLog(byte[] chunk) {
        try {
            log.append(chunk);
            logFailureReported = false;
        } catch (IOException e) {
            // A full disk must not stop the console: readiness and attached users still need it.
            if (!logFailureReported) {
                LOG.error("cannot write console log {}: {}; console output is not being saved", log.file(), e.toString());
                logFailureReported = true;
            }
        }
    }
}
