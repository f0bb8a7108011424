package io.hurdvm.storage.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyWritebackTest {
    @TempDir Path tmp;

    /** A sync per step written, none for less: a small object (a manifest) costs no extra thread. */
    @Test
    void syncsOncePerStepWritten_andNotBelowTheFirstStep() throws Exception {
        try (FileChannel ch = FileChannel.open(tmp.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            EarlyWriteback w = new EarlyWriteback(ch);
            w.wrote(EarlyWriteback.STEP - 1);
            w.finish();
            assertThat(w.started()).isZero();
            w.wrote(EarlyWriteback.STEP);
            w.finish();
            w.wrote(EarlyWriteback.STEP + 1); // within the step after the one synced
            w.finish();
            assertThat(w.started()).isEqualTo(1);
            w.wrote(2 * EarlyWriteback.STEP + 1);
            w.finish();
            assertThat(w.started()).isEqualTo(2);
        }
    }

    /**
     * A background sync that failed is thrown by finish(): Linux reports a write-back error to one
     * fsync only, so the final one could succeed after it. Here the sync fails on a closed channel.
     */
    @Test
    void aFailedBackgroundSync_isThrownByFinish() throws Exception {
        FileChannel ch = FileChannel.open(tmp.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.close();
        EarlyWriteback w = new EarlyWriteback(ch);
        w.wrote(EarlyWriteback.STEP);
        assertThatThrownBy(w::finish).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    /** The syncs run beside the writer: every byte still arrives, in order, in the stored object. */
    @Test
    void anObjectOfSeveralSteps_isStoredByteForByte() throws Exception {
        LocalDirTarget target = new LocalDirTarget(Files.createDirectory(tmp.resolve("t")));
        long size = 3 * EarlyWriteback.STEP + 12345;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        target.write("vm/20260101T000000Z-f001/disk.qcow2.hvenc", size, out -> {
            Random random = new Random(7);
            byte[] piece = new byte[(1 << 20) + 17];
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(piece.length, left);
                random.nextBytes(piece);
                out.write(piece, 0, n);
                sent.update(piece, 0, n);
                left -= n;
            }
        }, tmp.resolve("scratch"), TransferListener.NONE);
        Path stored = tmp.resolve("t/vm/20260101T000000Z-f001/disk.qcow2.hvenc");
        assertThat(Files.size(stored)).isEqualTo(size);
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(stored)) {
            in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), got));
        }
        assertThat(got.digest()).isEqualTo(sent.digest());
    }
}
