package io.hurdvm.storage.backup;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the reader of format-3 disk streams (what a backup target hands back, after decryption or
 * unencrypted): the only allowed failure is a {@link BackupException}, and every record it passes on
 * lies inside the disk, in order, without overlap.
 */
class DiskStreamReaderFuzzTest {
    private static final long SIZE = 8L << 20;

    /** See {@link JazzerClassesPreload}: before the first fuzz test installs Jazzer's agent. */
    @BeforeAll
    static void loadJazzerClassesFirst() throws Exception {
        JazzerClassesPreload.loadAll();
    }

    @FuzzTest(maxDuration = "5s")
    void apply(byte[] data) throws Exception {
        long[] next = {0};
        DiskStreamReader.Sink sink = new DiskStreamReader.Sink() {
            @Override
            public void data(long offset, ByteBuffer bytes) {
                check(offset, bytes.remaining());
            }

            @Override
            public void zero(long offset, long length) {
                check(offset, length);
            }

            private void check(long offset, long length) {
                if (offset < next[0] || length <= 0 || offset + length > SIZE) {
                    throw new IllegalStateException("a record outside the disk or out of order: " + offset + "+" + length);
                }
                next[0] = offset + length;
            }
        };
        try {
            DiskStreamReader.apply(new ByteArrayInputStream(data), SIZE, sink, "fuzz");
        } catch (BackupException refused) {
            // the one allowed answer to a damaged stream
        }
    }
}
