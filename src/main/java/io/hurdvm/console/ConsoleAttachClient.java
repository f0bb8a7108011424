package io.hurdvm.console;

import io.hurdvm.terminal.RawTerminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code hurdvm console NAME} side of {@code console.sock}: copies keystrokes to the guest's serial
 * console and its output back until the user detaches or the console goes away.
 *
 * <p><b>Detaching:</b> press <b>Ctrl-]</b> (byte 0x1d, shown as {@code ^]}), as in {@code telnet} and
 * {@code virsh console}. Every other key, Ctrl-C and Ctrl-D included, goes to the guest. End of standard
 * input (a pipe running dry) detaches as well. The guest keeps running either way.
 */
public final class ConsoleAttachClient {
    /** Ctrl-]: the byte that detaches instead of being sent. */
    public static final int DETACH_KEY = 0x1d;

    /** Why {@link #run} returned. */
    public enum Ending {
        /** The user pressed Ctrl-]. */
        DETACHED,
        /** Standard input ended. */
        INPUT_ENDED,
        /** The supervisor closed the console (the instance stopped). */
        CONSOLE_CLOSED
    }

    private final Path socket;

    public ConsoleAttachClient(Path consoleSocket) {
        this.socket = consoleSocket;
    }

    /** The line to print before attaching, so the user knows how to get out again. */
    public static String banner(String instanceName) {
        return "Connected to the serial console of " + instanceName + ". Detach with Ctrl-] (^]).";
    }

    /** Attaches the real terminal: raw mode while attached, restored however this returns. */
    public Ending attachTerminal() throws IOException {
        try (RawTerminal ignored = RawTerminal.enter()) {
            return run(System.in, System.out);
        }
    }

    /**
     * Copies {@code in} to the console and the console to {@code out} until detached or closed. The
     * thread reading {@code in} is a daemon: a read from a terminal cannot be interrupted, so when the
     * console closes first, that thread stays parked in its read until the process exits.
     */
    public Ending run(InputStream in, OutputStream out) throws IOException {
        SocketChannel channel;
        try {
            channel = UnixSocketConnector.connect(socket);
        } catch (IOException e) {
            throw new IOException("cannot attach to console socket " + socket + " (" + e.getMessage()
                    + "); is the instance running?", e);
        }
        AtomicReference<Ending> ending = new AtomicReference<>();
        Thread.ofPlatform().name("console-input").daemon().start(() -> copyInput(in, channel, ending));
        try (channel) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer.clear()) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
            }
        } catch (ClosedChannelException closedByInputSide) {
            // Detached or input ended: the input thread closed the channel, during a read
            // (AsynchronousCloseException) or between two.
        }
        Ending why = ending.get();
        return why == null ? Ending.CONSOLE_CLOSED : why;
    }

    private static void copyInput(InputStream in, SocketChannel channel, AtomicReference<Ending> ending) {
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int detachAt = indexOf(buffer, n, (byte) DETACH_KEY);
                writeFully(channel, buffer, detachAt < 0 ? n : detachAt);
                if (detachAt >= 0) {
                    ending.compareAndSet(null, Ending.DETACHED);
                    return;
                }
            }
            ending.compareAndSet(null, Ending.INPUT_ENDED);
        } catch (IOException e) {
            // The console closed under us; the output side reports it.
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to clean up.
            }
        }
    }

    private static void writeFully(SocketChannel channel, byte[] data, int length) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(data, 0, length);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private static int indexOf(byte[] data, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
