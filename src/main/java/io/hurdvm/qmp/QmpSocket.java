package io.hurdvm.qmp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The byte level of a QMP connection: a Unix domain socket carrying a stream of JSON objects.
 * One thread may {@link #readMessage()} while others {@link #send}: a {@link SocketChannel} allows one
 * concurrent reader and one writer, and the write lock keeps messages from interleaving.
 */
final class QmpSocket implements AutoCloseable {
    private static final Duration MAX_RETRY_PAUSE = Duration.ofMillis(200);

    private final Path path;
    private final SocketChannel channel;
    private final ObjectMapper mapper;
    /** Created on first read, by the reader thread: Jackson reads ahead to detect the encoding. */
    private JsonParser parser;
    private final ReentrantLock writeLock = new ReentrantLock();

    private QmpSocket(Path path, SocketChannel channel, ObjectMapper mapper) {
        this.path = path;
        this.channel = channel;
        this.mapper = mapper;
    }

    /**
     * Connects, retrying while the socket does not exist yet or refuses: QEMU creates and starts listening
     * on it some time after its process starts.
     */
    static QmpSocket connect(Path path, Duration timeout, ObjectMapper mapper) {
        Instant deadline = Instant.now().plus(timeout);
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        Duration pause = Duration.ofMillis(10);
        while (true) {
            IOException failure;
            try {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(address);
                    return new QmpSocket(path, channel, mapper);
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException e) {
                failure = e;
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new QmpTimeoutException("Could not connect to QMP socket " + path + " within " + timeout
                        + " (" + failure.getMessage() + "); check that QEMU is running with -qmp unix:" + path
                        + ",server=on", failure);
            }
            pauseBeforeRetry(min(pause, left), path);
            pause = min(pause.multipliedBy(2), MAX_RETRY_PAUSE);
        }
    }

    /**
     * Blocks for the next JSON value; {@code null} at end of stream (QEMU closed the socket). Only one
     * thread may call this. Jackson splits concatenated JSON values itself, so line breaks do not matter.
     */
    JsonNode readMessage() throws IOException {
        if (parser == null) {
            parser = mapper.createParser(new ChannelInput(channel));
        }
        return mapper.readTree(parser);
    }

    void send(JsonNode message) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        writeLock.lock();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } finally {
            writeLock.unlock();
        }
    }

    Path path() {
        return path;
    }

    /** Also unblocks a thread inside {@link #readMessage()}, which then fails with an IOException. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void pauseBeforeRetry(Duration pause, Path path) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted while waiting for QMP socket " + path, e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Reads straight from the channel. Channels.newInputStream is avoided on purpose: for selectable
     * channels it has historically held the channel's blocking lock while reading, which would block
     * concurrent writers for as long as QEMU stays silent.
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return length == 0 ? 0 : channel.read(ByteBuffer.wrap(buffer, offset, length));
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }
}
