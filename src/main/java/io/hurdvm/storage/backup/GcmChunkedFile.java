package io.hurdvm.storage.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM encryption of a whole file in independent 1 MiB chunks, so files of any size stream
 * through a fixed amount of memory. Layout: header ({@code HVBKGCM1}, chunk size, random 16-byte
 * file id), then per chunk: 12-byte random nonce, 4-byte ciphertext length, ciphertext + 16-byte tag.
 * Each chunk's additional authenticated data is the header, the chunk index and a final-chunk flag:
 * so chunks cannot be reordered, moved between files, or cut off at a chunk boundary unnoticed.
 */
public final class GcmChunkedFile {
    public static final String SUFFIX = ".hvenc";
    public static final String ALGORITHM = "aes-256-gcm-chunked";
    static final int CHUNK = 1 << 20;
    private static final byte[] MAGIC = "HVBKGCM1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 16;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GcmChunkedFile() {
    }

    public static void encrypt(Path plain, Path encrypted, BackupKey key) throws IOException {
        long size = Files.size(plain);
        long chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(CHUNK).put(randomBytes(16)).array();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(plain));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(encrypted), 1 << 20))) {
            out.write(header);
            byte[] buf = new byte[CHUNK];
            for (long i = 0; i < chunks; i++) {
                int n = in.readNBytes(buf, 0, CHUNK);
                byte[] nonce = randomBytes(NONCE);
                byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad(header, i, i == chunks - 1)).doFinal(buf, 0, n);
                out.write(nonce);
                out.writeInt(sealed.length);
                out.write(sealed);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** Decrypts and authenticates; throws {@link BackupException} if the key is wrong or the file altered. */
    public static void decrypt(Path encrypted, Path plain, BackupKey key) throws IOException {
        long size = Files.size(encrypted);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(encrypted), 1 << 20));
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(plain), 1 << 20)) {
            byte[] header = in.readNBytes(HEADER);
            if (header.length != HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)
                    || ByteBuffer.wrap(header, MAGIC.length, 4).getInt() != CHUNK) {
                throw new BackupException(encrypted.getFileName() + " is not a hurdvm encrypted backup file");
            }
            long pos = HEADER;
            for (long i = 0; pos < size; i++) {
                byte[] nonce = new byte[NONCE];
                in.readFully(nonce);
                int len = in.readInt();
                if (len < TAG_BITS / 8 || len > CHUNK + TAG_BITS / 8) {
                    throw new BackupException(encrypted.getFileName() + " is corrupt (bad chunk length at chunk " + i + ")");
                }
                byte[] sealed = new byte[len];
                in.readFully(sealed);
                pos += NONCE + 4 + len;
                out.write(cipher(Cipher.DECRYPT_MODE, key, nonce, aad(header, i, pos == size)).doFinal(sealed));
            }
        } catch (AEADBadTagException e) {
            throw new BackupException(encrypted.getFileName() + " failed authentication: wrong key file, or the backup was altered or truncated", e);
        } catch (EOFException e) {
            throw new BackupException(encrypted.getFileName() + " is truncated", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private static Cipher cipher(int mode, BackupKey key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(aad);
        return c;
    }

    private static byte[] aad(byte[] header, long index, boolean last) {
        return ByteBuffer.allocate(header.length + 9).put(header).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
