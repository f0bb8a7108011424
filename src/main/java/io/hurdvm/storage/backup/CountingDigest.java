package io.hurdvm.storage.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** The SHA-256 and length of a stream, read once. */
record CountingDigest(String sha256, long bytes) {
    static CountingDigest of(InputStream in, LongConsumer progress) throws IOException {
        AtomicLong count = new AtomicLong();
        String hex = Sha256.hexOf(in, n -> {
            count.set(n);
            progress.accept(n);
        });
        return new CountingDigest(hex, count.get());
    }
}
