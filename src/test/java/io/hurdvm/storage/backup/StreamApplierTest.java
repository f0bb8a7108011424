package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.LocalDirTarget;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pass over a stored disk stream in a real directory target: fetched, hashed and decrypted on
 * one thread, parsed and written on another. What reaches the disk is what the stream says, in
 * order; nothing after a forged chunk reaches it, and a stream whose bytes are not the manifest's
 * fails even when every chunk authenticates.
 */
class StreamApplierTest {
    private static final String ID = "20260101T000000Z-f001";
    private static final int PIECES = 12; // 12 MiB of records: more chunks than the hand-off holds
    private static final long SIZE = 16L << 20;
    @TempDir Path dir;
    private final BackupKey key = BackupKey.ofBytes(new byte[32]);

    /** What the sink saw: offsets of data records in the order written, on which thread. */
    private static final class Recording implements DiskStreamReader.Sink {
        final List<Long> offsets = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void data(long offset, ByteBuffer b) {
            offsets.add(offset);
            threads.add(Thread.currentThread().getName());
            bytes.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }

        @Override
        public void zero(long offset, long length) {
        }
    }

    private static byte[] plainStream(byte[] disk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(DiskStream.MAGIC);
        d.writeLong(SIZE);
        for (int i = 0; i < PIECES; i++) {
            d.writeByte(DiskStream.RAW);
            d.writeLong((long) i * DiskStream.PIECE);
            d.writeInt(DiskStream.PIECE);
            d.writeInt(DiskStream.PIECE);
            d.write(disk, i * DiskStream.PIECE, DiskStream.PIECE);
        }
        d.writeByte(DiskStream.ZERO);
        d.writeLong((long) PIECES * DiskStream.PIECE);
        d.writeLong(SIZE - (long) PIECES * DiskStream.PIECE);
        d.writeByte(DiskStream.END);
        d.writeLong(PIECES + 1);
        return out.toByteArray();
    }

    /** Stores the stream encrypted (or as it is) and returns its manifest; {@code alter} may change the stored bytes after hashing. */
    private BackupManifest store(byte[] plain, boolean encrypted, java.util.function.Consumer<byte[]> alter) throws Exception {
        Path d = Files.createDirectories(dir.resolve("t/vm").resolve(ID));
        String name = BackupManifest.DISK_STREAM + (encrypted ? GcmChunkedFile.SUFFIX : "");
        byte[] stored;
        if (encrypted) {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            try (OutputStream enc = GcmChunkedFile.encrypting(sealed, key, null)) {
                enc.write(plain);
            }
            stored = sealed.toByteArray();
        } else {
            stored = plain.clone();
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored));
        alter.accept(stored);
        Files.write(d.resolve(name), stored);
        return new BackupManifest(BackupManifest.STREAM_FORMAT_VERSION, "vm", ID, BackupManifest.FULL, Instant.EPOCH, null, SIZE,
                SIZE, "zstd", encrypted ? GcmChunkedFile.ALGORITHM + ":" + key.fingerprint() : BackupManifest.NO_ENCRYPTION,
                List.of(new BackupManifest.FileEntry(name, stored.length, sha)), "t");
    }

    private long apply(BackupManifest m, DiskStreamReader.Sink sink) throws Exception {
        ChainFetcher fetcher = new ChainFetcher(new LocalDirTarget(dir.resolve("t")), Optional.of(key), Progress.SILENT);
        return new StreamApplier(fetcher).apply(m, SIZE, sink);
    }

    private static byte[] disk() {
        byte[] disk = new byte[PIECES * DiskStream.PIECE];
        new Random(3).nextBytes(disk);
        return disk;
    }

    @Test
    void aSoundStream_reachesTheDiskInOrder_writtenBesideTheFetch() throws Exception {
        byte[] disk = disk();
        BackupManifest m = store(plainStream(disk), true, b -> { });
        Recording sink = new Recording();

        assertThat(apply(m, sink)).isEqualTo(m.files().getFirst().size());

        assertThat(sink.offsets).isSorted().hasSize(PIECES);
        assertThat(sink.bytes.toByteArray()).isEqualTo(disk);
        assertThat(sink.threads).as("the writes run beside the fetching thread").containsOnly("restore-apply");
    }

    @Test
    void aChunkDamagedInTheMiddle_failsTheLink_andNothingAfterItIsWritten() throws Exception {
        byte[] disk = disk();
        int chunk = PIECES / 2;
        // a byte inside chunk 6's ciphertext: header, then per chunk nonce, length, ciphertext and tag
        long at = GcmChunkedFile.HEADER + (long) chunk * (GcmChunkedFile.NONCE + 4 + GcmChunkedFile.CHUNK + GcmChunkedFile.TAG)
                + GcmChunkedFile.NONCE + 4 + 100;
        BackupManifest m = store(plainStream(disk), true, b -> b[(int) at] ^= 1);
        Recording sink = new Recording();

        assertThatThrownBy(() -> apply(m, sink)).isInstanceOf(BackupException.class).hasMessageContaining("is damaged");

        // Chunks 0-5 hold 6 MiB of plaintext: the stream's header and five whole records (17 bytes of
        // record header and 1 MiB each); the sixth record needs chunk 6, which never reaches the parser.
        assertThat(sink.offsets).containsExactly(0L, 1L << 20, 2L << 20, 3L << 20, 4L << 20);
    }

    @Test
    void aForgedButAuthenticChunk_isCaughtByTheHash_evenUnencrypted() throws Exception {
        byte[] disk = disk();
        byte[] plain = plainStream(disk);
        BackupManifest m = store(plain, false, b -> b[b.length / 2] ^= 1);

        assertThatThrownBy(() -> apply(m, new Recording())).isInstanceOf(BackupException.class)
                .hasMessageContaining("is damaged: disk.hvds has " + plain.length + " bytes with sha256");
    }

    @Test
    void aStreamTheParserRefuses_failsWithTheParsersWords_afterTheHashCheckedOut() throws Exception {
        byte[] plain = plainStream(disk());
        plain[DiskStream.HEADER + 1] = 0x7f; // the first record's offset: far outside the disk
        BackupManifest m = store(plain, true, b -> { });

        assertThatThrownBy(() -> apply(m, new Recording())).isInstanceOf(BackupException.class)
                .hasMessageContaining("out of order or outside the disk");
    }
}
