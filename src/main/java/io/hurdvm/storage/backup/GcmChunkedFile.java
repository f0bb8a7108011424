package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.secret.OwnerOnlyFiles;
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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM encryption of a whole file in independent 1 MiB chunks, so files of any size stream
 * through a fixed amount of memory. Layout: header ({@code HVBKGCM1}, chunk size, random 16-byte
 * file id), then per chunk: 12-byte random nonce, 4-byte ciphertext length, ciphertext + 16-byte tag.
 * Each chunk's additional authenticated data is the header, the chunk index and a final-chunk flag:
 * so chunks cannot be reordered, moved between files, or cut off at a chunk boundary unnoticed. Every
 * file has at least one chunk, the final one (empty for an empty file), so a file cut back to its
 * header is refused too. The reader knows a chunk is final by the end of the stream right after it,
 * so data appended after the final chunk fails its tag as well.
 *
 * <p>Random 96-bit nonces under one key stay within NIST's bound (2^32 messages per key) up to
 * 2^32 chunks, i.e. 4 PiB encrypted with one key file.
 */
public final class GcmChunkedFile {
    public static final String SUFFIX = ".hvenc";
    public static final String ALGORITHM = "aes-256-gcm-chunked";
    static final int CHUNK = 1 << 20;
    private static final byte[] MAGIC = "HVBKGCM1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length + 4 + 16;
    static final int NONCE = 12;
    static final int TAG = 16;
    private static final int PIECE = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /** One Cipher per pipeline thread, initialised afresh for every chunk. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    });

    private GcmChunkedFile() {
    }

    /** Writes {@code encrypted} (0600). */
    public static void encrypt(Path plain, Path encrypted, BackupKey key) throws IOException {
        encryptAndHash(plain, encrypted, key);
    }

    /**
     * Writes {@code encrypted} (0600) and returns the SHA-256 (hex) of what it wrote, hashed on the
     * way out: the manifest needs it, and reading the file again for it would cost another pass.
     */
    static String encryptAndHash(Path plain, Path encrypted, BackupKey key) throws IOException {
        MessageDigest sha = Sha256.digest();
        try (InputStream in = Files.newInputStream(plain);
             OutputStream out = OwnerOnlyFiles.newOutputStream(encrypted)) {
            encrypt(in, Files.size(plain), out, key, sha);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The size of the encrypted file of {@code plainSize} bytes: header, then per chunk nonce, length, tag. */
    static long encryptedSize(long plainSize) {
        long chunks = Math.max(1, (plainSize + CHUNK - 1) / CHUNK);
        return HEADER + chunks * (NONCE + 4 + TAG) + plainSize;
    }

    /** Encrypts exactly {@code size} bytes of {@code plain}. */
    static void encrypt(InputStream plain, long size, OutputStream encrypted, BackupKey key) throws IOException {
        encrypt(plain, size, encrypted, key, null);
    }

    /**
     * Encrypts exactly {@code size} bytes of {@code plain}; {@code stored}, if not null, is updated
     * with every byte written, in order (the SHA-256 of the stored file). Chunks are sealed on a
     * {@link ChunkPipeline}: while one thread hashes and another writes chunk {@code i}, the next
     * chunks are sealed, and the bytes written are those a single thread would have written.
     */
    static void encrypt(InputStream plain, long size, OutputStream encrypted, BackupKey key, MessageDigest stored) throws IOException {
        long chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(CHUNK).put(randomBytes(16)).array();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(encrypted, CHUNK));
        out.write(header);
        ChunkBuffers plains = new ChunkBuffers(CHUNK);
        ChunkBuffers seals = new ChunkBuffers(CHUNK + TAG);
        ChunkPipeline.Stage<Sealed> write = c -> {
            out.write(c.nonce());
            out.writeInt(c.length());
            out.write(c.bytes(), 0, c.length());
            seals.give(c.bytes());
        };
        try (ChunkPipeline<Sealed> pipeline = stored == null ? new ChunkPipeline<>("encrypt", write)
                : new ChunkPipeline<>("encrypt", c -> c.hashInto(stored), write)) {
            if (stored != null) {
                stored.update(header);
            }
            for (long i = 0; i < chunks; i++) {
                byte[] buf = plains.take();
                int n = plain.readNBytes(buf, 0, CHUNK);
                byte[] nonce = randomBytes(NONCE);
                byte[] aad = aad(header, i, i == chunks - 1);
                pipeline.submit(() -> {
                    Sealed sealed = seal(key, nonce, aad, buf, n, seals.take());
                    plains.give(buf);
                    return sealed;
                });
            }
            pipeline.finish();
        }
        out.flush();
    }

    /**
     * An output stream that encrypts what is written to it into {@code encrypted}, with the layout
     * and parallel sealing of {@link #encrypt(InputStream, long, OutputStream, BackupKey, MessageDigest)},
     * for a producer that does not know its size in advance (a format-3 disk stream): a full chunk is
     * held back until more bytes arrive or the stream is closed, so the final chunk is known.
     * {@link OutputStream#close} seals the final chunk and waits for every write; it does not close
     * {@code encrypted}.
     */
    static OutputStream encrypting(OutputStream encrypted, BackupKey key, MessageDigest stored) throws IOException {
        return new Encrypting(encrypted, key, stored);
    }

    private static final class Encrypting extends OutputStream {
        private final DataOutputStream out;
        private final BackupKey key;
        private final byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(CHUNK).put(randomBytes(16)).array();
        private final ChunkBuffers plains = new ChunkBuffers(CHUNK);
        private final ChunkBuffers seals = new ChunkBuffers(CHUNK + TAG);
        private final ChunkPipeline<Sealed> pipeline;
        private byte[] buf;
        private int filled;
        private long index;
        private boolean closed;

        Encrypting(OutputStream encrypted, BackupKey key, MessageDigest stored) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(encrypted, CHUNK));
            this.key = key;
            ChunkPipeline.Stage<Sealed> write = c -> {
                out.write(c.nonce());
                out.writeInt(c.length());
                out.write(c.bytes(), 0, c.length());
                seals.give(c.bytes());
            };
            this.pipeline = stored == null ? new ChunkPipeline<>("encrypt", write) : new ChunkPipeline<>("encrypt", c -> c.hashInto(stored), write);
            if (stored != null) {
                stored.update(header);
            }
            out.write(header);
            buf = plains.take();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == CHUNK) {
                    submit(false); // more bytes follow: this chunk is not the final one
                }
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buf, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void submit(boolean last) throws IOException {
            byte[] chunk = buf;
            int n = filled;
            byte[] nonce = randomBytes(NONCE);
            byte[] aad = aad(header, index++, last);
            pipeline.submit(() -> {
                Sealed sealed = seal(key, nonce, aad, chunk, n, seals.take());
                plains.give(chunk);
                return sealed;
            });
            buf = last ? null : plains.take();
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (pipeline) {
                submit(true);
                pipeline.finish();
            }
            out.flush();
        }
    }

    /** One sealed chunk as stored: nonce, then {@code length} bytes of ciphertext and tag. */
    private record Sealed(byte[] nonce, byte[] bytes, int length) {
        void hashInto(MessageDigest sha) {
            sha.update(nonce);
            sha.update(ByteBuffer.allocate(4).putInt(length).array());
            sha.update(bytes, 0, length);
        }
    }

    private static Sealed seal(BackupKey key, byte[] nonce, byte[] aad, byte[] plain, int length, byte[] sealed) {
        try {
            int n = sealPiecewise(init(CIPHERS.get(), Cipher.ENCRYPT_MODE, key, nonce, aad), plain, length, sealed);
            return new Sealed(nonce, sealed, n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** Decrypts and authenticates into {@code plain} (0600); throws {@link BackupException} if the key is wrong or the file altered. */
    public static void decrypt(Path encrypted, Path plain, BackupKey key) throws IOException {
        try (InputStream in = Files.newInputStream(encrypted);
             OutputStream out = OwnerOnlyFiles.newOutputStream(plain)) {
            decrypt(in, out, key, encrypted.getFileName().toString());
        }
    }

    /**
     * Decrypts a whole stream, checking every chunk's tag, and reads it to its end; {@code name} is for
     * messages. Plaintext of a chunk is written only after its tag checked out. The calling thread
     * reads (and whatever hashes {@code encrypted} hashes on it), chunks are opened on a
     * {@link ChunkPipeline} and written in order on a thread of its own: a restore's read and hash,
     * decryption and write overlap on both cores (bench/loop). The first damage in stream order is
     * the one reported: a forged chunk before a truncation further on is reported as forged.
     *
     * @throws BackupException if the stream is not such a file, was altered, truncated or extended, or the key is wrong
     */
    public static void decrypt(InputStream encrypted, OutputStream plain, BackupKey key, String name) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(encrypted, CHUNK + NONCE + 4 + TAG + 1));
        byte[] header = in.readNBytes(HEADER);
        if (header.length != HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)
                || ByteBuffer.wrap(header, MAGIC.length, 4).getInt() != CHUNK) {
            throw new BackupException(ErrorKind.DAMAGED, name + " is not a hurdvm encrypted backup file");
        }
        ChunkBuffers sealedBuffers = new ChunkBuffers(CHUNK + TAG);
        ChunkBuffers openedBuffers = new ChunkBuffers(CHUNK);
        try (ChunkPipeline<Opened> pipeline = new ChunkPipeline<>("decrypt", c -> {
            plain.write(c.bytes(), 0, c.length());
            openedBuffers.give(c.bytes());
        })) {
            long index = 0;
            try {
                for (boolean last = false; !last; index++) {
                    byte[] nonce = new byte[NONCE];
                    in.readFully(nonce);
                    int len = in.readInt();
                    if (len < TAG || len > CHUNK + TAG) {
                        pipeline.finish(); // an earlier chunk's damage comes first
                        throw new BackupException(ErrorKind.DAMAGED, name + " is corrupt (bad chunk length at chunk " + index + ")");
                    }
                    byte[] sealed = sealedBuffers.take();
                    in.readFully(sealed, 0, len);
                    last = atEnd(in);
                    long chunk = index;
                    byte[] aad = aad(header, chunk, last);
                    pipeline.submit(() -> {
                        Opened opened = open(key, nonce, aad, sealed, len, openedBuffers.take(), name, chunk);
                        sealedBuffers.give(sealed);
                        return opened;
                    });
                }
            } catch (EOFException e) {
                pipeline.finish();
                throw new BackupException(ErrorKind.DAMAGED, name + " is truncated (it ends inside chunk " + index + ", before its final chunk)", e);
            }
            pipeline.finish();
        }
        plain.flush();
    }

    /** One opened chunk: {@code length} bytes of plaintext. */
    private record Opened(byte[] bytes, int length) {
    }

    private static Opened open(BackupKey key, byte[] nonce, byte[] aad, byte[] sealed, int length, byte[] opened, String name, long index) {
        try {
            return new Opened(opened, init(CIPHERS.get(), Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(sealed, 0, length, opened, 0));
        } catch (AEADBadTagException e) {
            throw new BackupException(ErrorKind.DAMAGED, name + " failed authentication at chunk " + index
                    + ": wrong key file, or the backup was altered, reordered, truncated or extended", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * One chunk through {@code update} in 64 KiB pieces, then {@code doFinal}: the same ciphertext
     * and tag as one {@code doFinal}, but the JDK's AES-GCM runs its AES-NI/AVX code only once the
     * method doing the work is compiled, which takes thousands of calls. With a call per 1 MiB a
     * fresh JVM (every backup command) encrypted at 20-60 MiB/s; with a call per 64 KiB it
     * reaches 1 GiB/s after its first ~100 MiB (bench/loop).
     */
    static int sealPiecewise(Cipher cipher, byte[] plain, int length, byte[] sealed) throws GeneralSecurityException {
        int out = 0;
        for (int at = 0; at < length; at += PIECE) {
            out += cipher.update(plain, at, Math.min(PIECE, length - at), sealed, out);
        }
        return out + cipher.doFinal(sealed, out);
    }

    private static boolean atEnd(DataInputStream in) throws IOException {
        in.mark(1);
        boolean end = in.read() < 0;
        in.reset();
        return end;
    }

    /** A Cipher initialised for one chunk (a new nonce every time). */
    private static Cipher init(Cipher c, int mode, BackupKey key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        c.init(mode, key.secretKey(), new GCMParameterSpec(TAG * 8, nonce));
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
