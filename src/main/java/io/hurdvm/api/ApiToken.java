package io.hurdvm.api;

import io.hurdvm.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The bearer token clients must present, and the file it came from (the path is shown to the user,
 * the value never: {@link #toString()} masks it).
 */
public final class ApiToken {
    /** Shorter tokens are guessable; {@code openssl rand -hex 32} gives 64 characters. */
    public static final int MIN_LENGTH = 16;

    private final Secret value;
    private final byte[] digest;
    private final Path origin;

    public ApiToken(Secret value, Path origin) {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.digest = sha256(value.reveal());
    }

    public Path origin() {
        return origin;
    }

    /** For clients that must send the token; never log or print the result. */
    public String reveal() {
        return value.reveal();
    }

    /**
     * Constant time whatever the presented value: both sides are hashed first, so neither a common
     * prefix nor a length difference changes how long the comparison takes.
     */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[" + Secret.MASK + " from " + origin + "]";
    }
}
