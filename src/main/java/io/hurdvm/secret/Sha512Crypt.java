package io.hurdvm.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Random;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * {@code $6$} (SHA-512 crypt) hashes as {@code /etc/shadow} and {@code chpasswd -e} expect them, so the
 * guest's password can be set without the plaintext ever crossing the serial console.
 */
public final class Sha512Crypt {
    private static final String SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SALT_LENGTH = 16;

    private Sha512Crypt() {
    }

    public static String hash(Secret password) {
        return hash(password, new SecureRandom());
    }

    static String hash(Secret password, Random random) {
        StringBuilder salt = new StringBuilder("$6$");
        for (int i = 0; i < SALT_LENGTH; i++) {
            salt.append(SALT_ALPHABET.charAt(random.nextInt(SALT_ALPHABET.length())));
        }
        return Sha2Crypt.sha512Crypt(password.utf8(), salt.toString());
    }

    /** Whether {@code hash} (a {@code $6$...} string) is a hash of {@code password}. */
    public static boolean matches(Secret password, String hash) {
        if (hash == null || !hash.startsWith("$6$")) {
            return false;
        }
        String computed = Sha2Crypt.sha512Crypt(password.utf8(), hash);
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }
}
