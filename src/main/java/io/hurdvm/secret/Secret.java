package io.hurdvm.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret string (a password). It never shows itself by accident: {@link #toString()} is a mask,
 * and the value is only available through the deliberately named {@link #reveal()}.
 */
public final class Secret {
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** The plaintext. Callers must not log it, put it in argv or the environment, or print it. */
    public String reveal() {
        return value;
    }

    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        // Constant time, so comparing secrets does not leak how long a common prefix is.
        return other instanceof Secret s && MessageDigest.isEqual(utf8(), s.utf8());
    }

    @Override
    public int hashCode() {
        return 0; // deliberately uninformative; secrets are not meant to be hash keys
    }

    @Override
    public String toString() {
        return MASK;
    }
}
