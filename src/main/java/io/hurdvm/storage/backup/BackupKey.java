package io.hurdvm.storage.backup;

import io.hurdvm.secret.SecretFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The 32-byte AES-256 key backups are encrypted with, read from a secret file: 32 raw bytes, or
 * 64 hex digits, or 44 base64 characters (e.g. {@code head -c32 /dev/urandom > key}). The file must
 * not be readable by group or others. The key never appears in {@link #toString()}.
 */
public final class BackupKey {
    private final SecretKey key;
    private final String fingerprint;

    private BackupKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        // A short, non-secret hint so a manifest can say which key it needs without revealing it.
        this.fingerprint = HexFormat.of().formatHex(Sha256.of(("hurdvm-backup-key:" + HexFormat.of().formatHex(raw)).getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    public static BackupKey fromFile(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new SecretFileException("backup key file " + file + " is readable by others: chmod 600 " + file);
            }
            byte[] content = Files.readAllBytes(file);
            return new BackupKey(decode(content, file));
        } catch (IOException e) {
            throw new SecretFileException("cannot read backup key file " + file + ": " + e.getMessage(), e);
        }
    }

    static BackupKey ofBytes(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + raw.length);
        }
        return new BackupKey(raw.clone());
    }

    private static byte[] decode(byte[] content, Path file) {
        if (content.length == 32) {
            return content;
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        try {
            if (text.matches("[0-9a-fA-F]{64}")) {
                return HexFormat.of().parseHex(text);
            }
            byte[] b64 = Base64.getDecoder().decode(text);
            if (b64.length == 32) {
                return b64;
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the one error message below
        }
        throw new SecretFileException("backup key file " + file + " must hold 32 raw bytes, 64 hex digits or 44 base64 characters "
                + "(make one with: head -c32 /dev/urandom > " + file + "; chmod 600 " + file + ")");
    }

    SecretKey secretKey() {
        return key;
    }

    /**
     * A 32-byte key for another purpose than AES-GCM, named by {@code info}: HKDF-SHA256 (RFC 5869,
     * no salt) of this key, so one key file serves every purpose without reusing the AES key.
     */
    byte[] derive(String info) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key.getEncoded(), null, info.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    /** Non-secret identifier of this key, recorded in manifests. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "BackupKey[" + fingerprint + "]";
    }
}
