package io.hurdvm.storage.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** Passes a stream through while taking its SHA-256 and length, telling {@code progress} the bytes read so far. */
final class HashingInputStream extends FilterInputStream {
    private final MessageDigest sha256 = Sha256.digest();
    private final LongConsumer progress;
    private long bytes;

    HashingInputStream(InputStream in, LongConsumer progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            sha256.update(buf, off, n);
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return 0; // every byte must pass through the digest: callers read instead
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(int n) {
        bytes += n;
        progress.accept(bytes);
    }

    /** Reads what is left, then the digest of everything that passed. */
    CountingDigest finish() throws IOException {
        transferTo(java.io.OutputStream.nullOutputStream());
        return new CountingDigest(HexFormat.of().formatHex(sha256.digest()), bytes);
    }
}
