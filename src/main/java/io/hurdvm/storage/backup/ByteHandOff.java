package io.hurdvm.storage.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes written on one thread, read on another, through a few 1 MiB pieces: a restore decrypts a
 * stream on one side while the other side parses it and writes it to the new disk, without a staging
 * copy of the stream. {@link java.io.PipedInputStream} would do it a kilobyte at a time and polls.
 *
 * <p>The writer ends with {@link #close} (the reader then sees the end) or {@link #abort} (the reader
 * then fails: the bytes so far are not the whole stream). Once the reader is {@link #readerDone}, for
 * success or failure, writes are dropped so the writer can still read its source to the end and
 * check its hash, and never blocks on a reader that is gone.
 */
final class ByteHandOff {
    static final int PIECE = 1 << 20;
    /** Pieces queued: decryption may run this far (4 MiB) ahead of the disk writes. */
    static final int DEPTH = 4;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final Deque<Piece> queue = new ArrayDeque<>();
    private final Deque<byte[]> free = new ArrayDeque<>();
    private boolean readerDone;
    private final Writer writer = new Writer();
    private final Reader reader = new Reader();

    /** {@code bytes == null}: the end, cut off if {@code aborted}. */
    private record Piece(byte[] bytes, int length, boolean aborted) {
    }

    OutputStream writer() {
        return writer;
    }

    InputStream reader() {
        return reader;
    }

    /** The writer failed: the reader fails at the end of what it was given. */
    void abort() {
        put(new Piece(null, 0, true));
    }

    /** The reader is finished (or failed): what is queued and written from now on is dropped. */
    void readerDone() {
        lock.lock();
        try {
            readerDone = true;
            queue.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void put(Piece p) {
        lock.lock();
        try {
            while (queue.size() >= DEPTH && !readerDone) {
                notFull.awaitUninterruptibly(); // readerDone() or a take() signals
            }
            if (!readerDone) {
                queue.add(p);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private Piece take() throws IOException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                notEmpty.await();
            }
            notFull.signal();
            return queue.remove();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("restore interrupted");
        } finally {
            lock.unlock();
        }
    }

    private byte[] buffer() {
        lock.lock();
        try {
            byte[] b = free.poll();
            return b != null ? b : new byte[PIECE]; // at most DEPTH + 2 ever exist: queued, read, filled
        } finally {
            lock.unlock();
        }
    }

    private void recycle(byte[] b) {
        lock.lock();
        try {
            free.add(b);
        } finally {
            lock.unlock();
        }
    }

    private final class Writer extends OutputStream {
        private byte[] buf;
        private int filled;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (buf == null) {
                    buf = buffer();
                }
                int n = Math.min(len, PIECE - filled);
                System.arraycopy(b, off, buf, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == PIECE) {
                    flush();
                }
            }
        }

        @Override
        public void flush() {
            if (filled > 0) {
                put(new Piece(buf, filled, false));
                buf = null;
                filled = 0;
            }
        }

        /** The end of the stream: the reader sees -1 after the last byte. */
        @Override
        public void close() {
            flush();
            put(new Piece(null, 0, false));
        }
    }

    private final class Reader extends InputStream {
        private Piece current;
        private int at;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (current != null && current.bytes() == null) {
                return end();
            }
            if (current == null || at == current.length()) {
                if (current != null) {
                    recycle(current.bytes());
                }
                current = take();
                at = 0;
                if (current.bytes() == null) {
                    return end();
                }
            }
            int n = Math.min(len, current.length() - at);
            System.arraycopy(current.bytes(), at, b, off, n);
            at += n;
            return n;
        }

        private int end() throws IOException {
            if (current.aborted()) {
                throw new IOException("the stream was cut off: its fetch failed");
            }
            return -1;
        }
    }
}
