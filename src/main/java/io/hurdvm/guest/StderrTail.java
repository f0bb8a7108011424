package io.hurdvm.guest;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first few KiB a remote command writes to stderr, for the one-line error that names
 * why it failed. Bounded: a guest that writes gigabytes of errors costs no memory.
 */
public final class StderrTail extends OutputStream {
    private static final int LIMIT = 4096;
    private final byte[] kept = new byte[LIMIT];
    private int length;

    @Override
    public synchronized void write(int b) {
        if (length < LIMIT) {
            kept[length++] = (byte) b;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int n = Math.min(len, LIMIT - length);
        System.arraycopy(b, off, kept, length, n);
        length += n;
    }

    /** The first non-blank line, printable characters only (the guest's text is not trusted). */
    public synchronized String firstLine() {
        String text = new String(kept, 0, length, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n")) {
            String clean = line.replaceAll("\\p{Cntrl}", "").strip();
            if (!clean.isEmpty()) {
                return clean.length() > 300 ? clean.substring(0, 300) + "..." : clean;
            }
        }
        return "";
    }
}
