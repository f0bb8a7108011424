package io.hurdvm.secret;

import java.security.SecureRandom;

/**
 * Strong random passwords. The alphabet has no shell metacharacters, quotes, spaces or ':' so a
 * password survives being pasted into a shell, an {@code sshpass} file or a {@code user:pass} pair.
 */
public final class PasswordGenerator {
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+=,";
    /** 32 symbols from 68: about 194 bits of entropy. */
    public static final int LENGTH = 32;

    private final SecureRandom random;

    public PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    public PasswordGenerator() {
        this(new SecureRandom());
    }

    public Secret generate() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return Secret.of(sb.toString());
    }
}
