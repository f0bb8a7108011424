package io.hurdvm.console;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/** Standard input for a console client in tests: the test "types" into it; {@link #end()} is Ctrl-D on a pipe. */
final class ScriptedInput extends InputStream {
    private static final byte[] EOF = new byte[0];
    private final LinkedBlockingQueue<byte[]> keys = new LinkedBlockingQueue<>();
    private boolean ended;

    void type(String text) {
        type(text.getBytes(StandardCharsets.UTF_8));
    }

    void type(byte[] bytes) {
        keys.add(bytes.clone());
    }

    void end() {
        keys.add(EOF);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Blocks like a terminal until something is typed; returns one typed chunk. */
    @Override
    public int read(byte[] b, int off, int len) {
        if (ended) {
            return -1;
        }
        try {
            byte[] chunk = keys.take();
            if (chunk == EOF) {
                ended = true;
                return -1;
            }
            int n = Math.min(len, chunk.length);
            System.arraycopy(chunk, 0, b, off, n);
            if (n < chunk.length) {
                byte[] rest = new byte[chunk.length - n];
                System.arraycopy(chunk, n, rest, 0, rest.length);
                keys.add(rest); // good enough for tests: they type short strings
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
