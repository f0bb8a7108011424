package io.hurdvm.storage.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian reads and writes on the connection. Every length that comes from the server is
 * checked against a bound before anything is allocated or read for it.
 */
final class NbdWire {
    private final ByteChannel channel;
    private final ByteBuffer small = ByteBuffer.allocate(32);

    NbdWire(ByteChannel channel) {
        this.channel = channel;
    }

    ByteBuffer read(int n) throws IOException {
        small.clear().limit(n);
        readFully(small);
        return small.flip();
    }

    void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (channel.read(dst) < 0) {
                throw new NbdException("the NBD server closed the connection in the middle of a reply");
            }
        }
    }

    long readLong() throws IOException {
        return read(8).getLong();
    }

    int readInt() throws IOException {
        return read(4).getInt();
    }

    int readUnsignedShort() throws IOException {
        return Short.toUnsignedInt(read(2).getShort());
    }

    /** {@code length} bytes, refused beyond {@code max} (a length the server chose). */
    byte[] readBytes(long length, int max, String what) throws IOException {
        if (length < 0 || length > max) {
            throw new NbdException("the NBD server sent " + what + " of " + length + " bytes (at most " + max + " expected)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        readFully(b);
        return b.array();
    }

    void skip(long length, int max, String what) throws IOException {
        readBytes(length, max, what);
    }

    void write(ByteBuffer... buffers) throws IOException {
        for (ByteBuffer b : buffers) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    /** Server text for a one-line error: printable ASCII only, bounded. */
    static String printable(byte[] text) {
        StringBuilder s = new StringBuilder();
        for (byte c : new String(text, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII)) {
            if (s.length() >= 160) {
                return s.append("...").toString();
            }
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return s.toString();
    }
}
