package io.hurdvm.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a stream whose reading costs CPU (decompression) to one whose reader costs CPU too (QEMU
 * loading a machine state): the reading runs on its own thread, a few chunks ahead, so both work at
 * once instead of taking turns through a socket buffer.
 */
final class OverlappedCopy {
    private static final int CHUNK = 1 << 20;
    private static final int AHEAD = 4;
    private static final byte[] END = new byte[0];

    private OverlappedCopy() {
    }

    static void copy(InputStream in, OutputStream out, String threadName) throws IOException, InterruptedException {
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(AHEAD);
        IOException[] failed = new IOException[1];
        Thread reader = Thread.ofPlatform().daemon().name(threadName).start(() -> {
            try {
                byte[] buf = new byte[CHUNK];
                int n;
                int filled = 0;
                while ((n = in.read(buf, filled, CHUNK - filled)) >= 0) {
                    filled += n;
                    if (filled == CHUNK) {
                        queue.put(buf);
                        buf = new byte[CHUNK];
                        filled = 0;
                    }
                }
                if (filled > 0) {
                    queue.put(Arrays.copyOf(buf, filled));
                }
            } catch (IOException e) {
                failed[0] = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            for (byte[] chunk = queue.take(); chunk != END; chunk = queue.take()) {
                out.write(chunk);
            }
        } finally {
            reader.interrupt();
            reader.join();
        }
        if (failed[0] != null) {
            throw failed[0];
        }
    }
}
