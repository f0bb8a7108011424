package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcmChunkedFileTest {
    @TempDir Path tmp;
    private final BackupKey key = BackupKey.ofBytes(bytes(32, 1));

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, GcmChunkedFile.CHUNK - 1, GcmChunkedFile.CHUNK, 2 * GcmChunkedFile.CHUNK + 17})
    void roundTrip_anySize(int size) throws Exception {
        byte[] data = bytes(size, size);
        Path plain = Files.write(tmp.resolve("p"), data);
        GcmChunkedFile.encrypt(plain, tmp.resolve("e"), key);
        GcmChunkedFile.decrypt(tmp.resolve("e"), tmp.resolve("d"), key);
        assertThat(Files.readAllBytes(tmp.resolve("d"))).isEqualTo(data);
        assertThat(Files.size(tmp.resolve("e"))).isGreaterThan(size);
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
        long oneChunk = 12 + 4 + GcmChunkedFile.CHUNK + 16;
        try (RandomAccessFile f = new RandomAccessFile(tmp.resolve("e").toFile(), "rw")) {
            f.setLength(f.length() - oneChunk); // drop the last chunk exactly
        }
        assertThatThrownBy(() -> GcmChunkedFile.decrypt(tmp.resolve("e"), tmp.resolve("d"), key))
                .isInstanceOf(BackupException.class).hasMessageContaining("altered or truncated");
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
        Files.setPosixFilePermissions(k, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> BackupKey.fromFile(k)).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(k, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(BackupKey.fromFile(k).toString()).doesNotContain(java.util.HexFormat.of().formatHex(bytes(32, 5)));
    }
}
