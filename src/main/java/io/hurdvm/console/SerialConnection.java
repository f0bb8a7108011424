package io.hurdvm.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one QEMU process's serial port, with the thread that reads it. Decoding state
 * (a UTF-8 character or a line cut between two reads) belongs to the connection: a new QEMU starts
 * with a clean slate.
 */
final class SerialConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SerialConnection.class);
    private static final int CHUNK = 8192;

    /** Receives each chunk read, decoded, and the lines it completed or extended. */
    interface ChunkHandler {
        void handle(byte[] chunk, String text, List<ConsoleLine> lines);
    }

    private final SocketChannel channel;
    private final ChunkHandler handler;
    private final Utf8StreamDecoder decoder = new Utf8StreamDecoder();
    private final List<ConsoleLine> pendingLines = new ArrayList<>();
    private final LineAssembler lines = new LineAssembler(pendingLines::add);
    private Thread reader;

    SerialConnection(SocketChannel channel, ChunkHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    SocketChannel channel() {
        return channel;
    }

    void start(String threadName) {
        reader = Thread.ofPlatform().name(threadName).daemon().start(this::readLoop);
    }

    boolean isReading() {
        return reader != null && reader.isAlive() && channel.isOpen();
    }

    /** Closes the socket (which ends a blocked read) and waits for the reader to finish its chunk. */
    void stop(Duration timeout) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing serial connection: {}", e.toString());
        }
        if (reader == null) {
            return;
        }
        try {
            if (!reader.join(timeout)) {
                LOG.warn("serial reader thread did not stop within {} ms", timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLoop() {
        byte[] bytes = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    LOG.info("serial port closed by QEMU");
                    return;
                }
                if (n > 0) {
                    deliver(Arrays.copyOf(bytes, n));
                }
            }
        } catch (ClosedChannelException e) {
            LOG.debug("serial connection closed for a restart or shutdown");
        } catch (IOException e) {
            LOG.warn("reading the serial port failed: {}", e.toString());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing serial connection: {}", e.toString());
            }
        }
    }

    private void deliver(byte[] chunk) {
        String text = decoder.decode(chunk, 0, chunk.length);
        lines.accept(text, Instant.now());
        List<ConsoleLine> completed = List.copyOf(pendingLines);
        pendingLines.clear();
        handler.handle(chunk, text, completed);
    }
}
