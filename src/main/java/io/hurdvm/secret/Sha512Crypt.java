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
    /** crypt(5)'s default, and what a hash without {@code rounds=} means. */
    public static final int DEFAULT_ROUNDS = 5000;
    /**
     * For a password hurdvm generated ({@link PasswordGenerator}: 32 characters of a 68-character
     * alphabet, about 195 bits). Key stretching makes guessing a weak password costlier; guessing a
     * 195-bit random one is out of reach with or without it, so the rounds only cost the host CPU:
     * a clone's supervisor hashes in a cold JVM while QEMU restores, and with 4 clones starting on 2
     * cores the default 5000 rounds were a visible share of it. 1000 is crypt(5)'s minimum (a smaller
     * value is raised to it by glibc and busybox alike). A password the user chose keeps the default.
     */
    public static final int GENERATED_PASSWORD_ROUNDS = 1000;

    private Sha512Crypt() {
    }

    public static String hash(Secret password) {
        return hash(password, DEFAULT_ROUNDS);
    }

    /** {@code rounds} other than {@link #DEFAULT_ROUNDS} go into the hash as {@code rounds=N$}, as crypt(5) reads them. */
    public static String hash(Secret password, int rounds) {
        return hash(password, rounds, new SecureRandom());
    }

    static String hash(Secret password, Random random) {
        return hash(password, DEFAULT_ROUNDS, random);
    }

    static String hash(Secret password, int rounds, Random random) {
        if (rounds < GENERATED_PASSWORD_ROUNDS || rounds > 999_999_999) {
            throw new IllegalArgumentException("SHA-512 crypt rounds must be 1000-999999999, not " + rounds);
        }
        StringBuilder salt = new StringBuilder("$6$");
        if (rounds != DEFAULT_ROUNDS) {
            salt.append("rounds=").append(rounds).append('$');
        }
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
