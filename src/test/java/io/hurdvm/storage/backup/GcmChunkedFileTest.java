package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcmChunkedFileTest {
    /** Bytes of one full chunk on disk: nonce, length, ciphertext, tag. */
    private static final int SEALED_CHUNK = GcmChunkedFile.NONCE + 4 + GcmChunkedFile.CHUNK + GcmChunkedFile.TAG;
    @TempDir Path tmp;
    private final BackupKey key = BackupKey.ofBytes(bytes(32, 1));

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private byte[] encrypted(byte[] plain) throws Exception {
        Path p = Files.write(Files.createTempFile(tmp, "p", ""), plain);
        Path e = tmp.resolve(p.getFileName() + ".hvenc");
        GcmChunkedFile.encrypt(p, e, key);
        return Files.readAllBytes(e);
    }

    private void decrypt(byte[] sealed) throws Exception {
        GcmChunkedFile.decrypt(new ByteArrayInputStream(sealed), new ByteArrayOutputStream(), key, "f.hvenc");
    }

    /** Chunk {@code i} (0-based) of a file of full chunks. */
    private static byte[] chunk(byte[] sealed, int i) {
        int from = GcmChunkedFile.HEADER + i * SEALED_CHUNK;
        return Arrays.copyOfRange(sealed, from, from + SEALED_CHUNK);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, GcmChunkedFile.CHUNK - 1, GcmChunkedFile.CHUNK, 2 * GcmChunkedFile.CHUNK + 17})
    void roundTrip_anySize_ownerOnlyFiles(int size) throws Exception {
        byte[] data = bytes(size, size);
        Path plain = Files.write(tmp.resolve("p"), data);
        GcmChunkedFile.encrypt(plain, tmp.resolve("e"), key);
        GcmChunkedFile.decrypt(tmp.resolve("e"), tmp.resolve("d"), key);
        assertThat(Files.readAllBytes(tmp.resolve("d"))).isEqualTo(data);
        assertThat(Files.size(tmp.resolve("e"))).isGreaterThan(size);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("e")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("d")))).isEqualTo("rw-------");
    }

    /** The backup streams the encrypted file into the target and announces its size before writing it. */
    @Test
    void theEncryptingStreamWritesWhatDecryptsAndHashesWhatItWrote() throws Exception {
        for (int size : new int[] {0, 1, GcmChunkedFile.CHUNK, 2 * GcmChunkedFile.CHUNK + 17}) {
            byte[] plain = bytes(size, size);
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            java.security.MessageDigest sha = Sha256.digest();
            try (java.io.OutputStream out = GcmChunkedFile.encrypting(sealed, key, sha)) {
                for (int at = 0; at < size; at += 4097) { // writes that straddle chunk boundaries
                    out.write(plain, at, Math.min(4097, size - at));
                }
            }
            assertThat(sealed.size()).as("size %d", size).isEqualTo(GcmChunkedFile.encryptedSize(size));
            assertThat(sha.digest()).isEqualTo(Sha256.digest().digest(sealed.toByteArray()));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            GcmChunkedFile.decrypt(new ByteArrayInputStream(sealed.toByteArray()), back, key, "s.hvenc");
            assertThat(back.toByteArray()).isEqualTo(plain);
        }
    }

    @Test
    void encryptedSize_isTheSizeEncryptWrites() throws Exception {
        for (int size : new int[] {0, 1, GcmChunkedFile.CHUNK - 1, GcmChunkedFile.CHUNK, GcmChunkedFile.CHUNK + 1, 3 * GcmChunkedFile.CHUNK}) {
            assertThat(encrypted(bytes(size, 9)).length).as("encrypted %d bytes", size).isEqualTo(GcmChunkedFile.encryptedSize(size));
        }
    }

    @Test
    void wrongKey_isRejected() throws Exception {
        Path plain = Files.write(tmp.resolve("p"), bytes(1000, 2));
        GcmChunkedFile.encrypt(plain, tmp.resolve("e"), key);
        assertThatThrownBy(() -> GcmChunkedFile.decrypt(tmp.resolve("e"), tmp.resolve("d"), BackupKey.ofBytes(bytes(32, 9))))
                .isInstanceOf(BackupException.class).hasMessageContaining("wrong key file");
    }

    @Test
    void truncationAtAChunkBoundary_isDetected() throws Exception {
        Path plain = Files.write(tmp.resolve("p"), bytes(3 * GcmChunkedFile.CHUNK, 3));
        GcmChunkedFile.encrypt(plain, tmp.resolve("e"), key);
        try (RandomAccessFile f = new RandomAccessFile(tmp.resolve("e").toFile(), "rw")) {
            f.setLength(f.length() - SEALED_CHUNK); // drop the last chunk exactly
        }
        assertThatThrownBy(() -> GcmChunkedFile.decrypt(tmp.resolve("e"), tmp.resolve("d"), key))
                .isInstanceOf(BackupException.class).hasMessageContaining("failed authentication at chunk 1").hasMessageContaining("truncated");
    }

    /** Fails on the format as first written: with no chunk left, nothing was checked and an empty file came out. */
    @Test
    void truncationToTheHeader_isDetected() throws Exception {
        byte[] sealed = encrypted(bytes(5000, 4));
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, GcmChunkedFile.HEADER)))
                .isInstanceOf(BackupException.class).hasMessageContaining("is truncated");
    }

    /** The first damage is the one reported, and no plaintext of or after a forged chunk comes out. */
    @Test
    void aForgedChunk_isReportedBeforeATruncationFurtherOn() throws Exception {
        byte[] sealed = encrypted(bytes(4 * GcmChunkedFile.CHUNK, 8));
        sealed[GcmChunkedFile.HEADER + GcmChunkedFile.NONCE + 4 + 10] ^= 1; // chunk 0's ciphertext
        byte[] cut = Arrays.copyOf(sealed, GcmChunkedFile.HEADER + 2 * SEALED_CHUNK + 100); // ends inside chunk 2
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> GcmChunkedFile.decrypt(new ByteArrayInputStream(cut), out, key, "f.hvenc"))
                .isInstanceOf(BackupException.class).hasMessageContaining("failed authentication at chunk 0");
        assertThat(out.size()).as("no plaintext after a forged chunk").isZero();
    }

    /** Chunks are opened in parallel while the next are read: a bad length read later must not hide a forged chunk before it. */
    @Test
    void aForgedChunk_isReportedBeforeABadLengthFurtherOn() throws Exception {
        byte[] sealed = encrypted(bytes(4 * GcmChunkedFile.CHUNK, 8));
        sealed[GcmChunkedFile.HEADER + SEALED_CHUNK + GcmChunkedFile.NONCE + 4 + 10] ^= 1; // chunk 1's ciphertext
        ByteBuffer.wrap(sealed).putInt(GcmChunkedFile.HEADER + 3 * SEALED_CHUNK + GcmChunkedFile.NONCE, Integer.MAX_VALUE); // chunk 3's length
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> GcmChunkedFile.decrypt(new ByteArrayInputStream(sealed), out, key, "f.hvenc"))
                .isInstanceOf(BackupException.class).hasMessageContaining("failed authentication at chunk 1");
        assertThat(out.toByteArray()).as("only chunk 0, authenticated, came out").isEqualTo(Arrays.copyOf(bytes(4 * GcmChunkedFile.CHUNK, 8), GcmChunkedFile.CHUNK));
    }

    /** A chunk's length field out of range is named as such (not read as a huge chunk). */
    @Test
    void aBadChunkLength_isReported() throws Exception {
        byte[] sealed = encrypted(bytes(3 * GcmChunkedFile.CHUNK, 8));
        ByteBuffer.wrap(sealed).putInt(GcmChunkedFile.HEADER + 2 * SEALED_CHUNK + GcmChunkedFile.NONCE, 3);
        assertThatThrownBy(() -> decrypt(sealed)).isInstanceOf(BackupException.class).hasMessageContaining("bad chunk length at chunk 2");
    }

    @Test
    void encryptWithDigest_hashesExactlyTheBytesWritten() throws Exception {
        byte[] data = bytes(3 * GcmChunkedFile.CHUNK + 123, 11);
        java.security.MessageDigest stored = Sha256.digest();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GcmChunkedFile.encrypt(new ByteArrayInputStream(data), data.length, out, key, stored);
        assertThat(stored.digest()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        GcmChunkedFile.decrypt(new ByteArrayInputStream(out.toByteArray()), back, key, "f.hvenc");
        assertThat(back.toByteArray()).isEqualTo(data);
    }

    @Test
    void reorderedChunks_areDetected() throws Exception {
        byte[] sealed = encrypted(bytes(3 * GcmChunkedFile.CHUNK, 5));
        byte[] swapped = concat(Arrays.copyOf(sealed, GcmChunkedFile.HEADER), chunk(sealed, 1), chunk(sealed, 0), chunk(sealed, 2));
        assertThatThrownBy(() -> decrypt(swapped)).isInstanceOf(BackupException.class).hasMessageContaining("failed authentication at chunk 0");
    }

    @Test
    void aChunkFromAnotherFile_sameKeyAndPlace_isDetected() throws Exception {
        byte[] data = bytes(2 * GcmChunkedFile.CHUNK, 6);
        byte[] a = encrypted(data);
        byte[] b = encrypted(data);
        byte[] mixed = concat(Arrays.copyOf(a, GcmChunkedFile.HEADER), chunk(a, 0), chunk(b, 1));
        assertThatThrownBy(() -> decrypt(mixed)).isInstanceOf(BackupException.class).hasMessageContaining("failed authentication at chunk 1");
        byte[] otherHeader = concat(Arrays.copyOf(b, GcmChunkedFile.HEADER), chunk(a, 0), chunk(a, 1));
        assertThatThrownBy(() -> decrypt(otherHeader)).isInstanceOf(BackupException.class).hasMessageContaining("failed authentication at chunk 0");
    }

    @Test
    void dataAppendedAfterTheFinalChunk_isDetected() throws Exception {
        byte[] sealed = encrypted(bytes(2 * GcmChunkedFile.CHUNK, 7));
        assertThatThrownBy(() -> decrypt(concat(sealed, chunk(sealed, 1)))).isInstanceOf(BackupException.class)
                .hasMessageContaining("failed authentication at chunk 1");
        assertThatThrownBy(() -> decrypt(concat(sealed, new byte[] {0}))).isInstanceOf(BackupException.class);
    }

    @Test
    void flippedBit_isDetected() throws Exception {
        Path plain = Files.write(tmp.resolve("p"), bytes(5000, 4));
        GcmChunkedFile.encrypt(plain, tmp.resolve("e"), key);
        try (RandomAccessFile f = new RandomAccessFile(tmp.resolve("e").toFile(), "rw")) {
            f.seek(100);
            int b = f.read();
            f.seek(100);
            f.write(b ^ 1);
        }
        assertThatThrownBy(() -> GcmChunkedFile.decrypt(tmp.resolve("e"), tmp.resolve("d"), key)).isInstanceOf(BackupException.class);
    }

    @Test
    void keyFile_readableByOthers_isRefused() throws Exception {
        Path k = Files.write(tmp.resolve("key"), bytes(32, 5));
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> BackupKey.fromFile(k)).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-------"));
        assertThat(BackupKey.fromFile(k).toString()).doesNotContain(java.util.HexFormat.of().formatHex(bytes(32, 5)));
    }

    /** Encryption goes through update() in pieces (for the JIT); the result must be one GCM message. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 3 * 65536 + 5, GcmChunkedFile.CHUNK})
    void sealPiecewise_equalsOneDoFinal(int length) throws Exception {
        byte[] plain = bytes(length, length);
        byte[] nonce = bytes(GcmChunkedFile.NONCE, 7);
        javax.crypto.Cipher whole = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        whole.init(javax.crypto.Cipher.ENCRYPT_MODE, key.secretKey(), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        whole.updateAAD(new byte[] {1, 2, 3});
        byte[] expected = whole.doFinal(plain);

        javax.crypto.Cipher pieces = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        pieces.init(javax.crypto.Cipher.ENCRYPT_MODE, key.secretKey(), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        pieces.updateAAD(new byte[] {1, 2, 3});
        byte[] sealed = new byte[length + GcmChunkedFile.TAG];
        int n = GcmChunkedFile.sealPiecewise(pieces, plain, length, sealed);

        assertThat(n).isEqualTo(expected.length);
        assertThat(sealed).isEqualTo(expected);
    }

    @Test
    void encryptAndHash_returnsTheSha256OfTheFileItWrote() throws Exception {
        Path plain = Files.write(tmp.resolve("p"), bytes(2 * GcmChunkedFile.CHUNK + 99, 3));
        Path sealed = tmp.resolve("p.hvenc");
        String hash = GcmChunkedFile.encryptAndHash(plain, sealed, key);
        assertThat(hash).isEqualTo(StagingDir.sha256(sealed));
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        GcmChunkedFile.decrypt(Files.newInputStream(sealed), back, key, "p.hvenc");
        assertThat(back.toByteArray()).isEqualTo(Files.readAllBytes(plain));
    }
}
