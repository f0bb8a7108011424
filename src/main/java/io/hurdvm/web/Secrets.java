package io.hurdvm.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random session values and their constant-time comparison. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A random value (256 bits, base64url) and the SHA-256 it is compared by. */
    record Token(String value, byte[] digest) {
        static Token random() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String v = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return new Token(v, sha256(v));
        }

        /**
         * Constant time whatever the presented value: both sides are hashed first, so neither a common
         * prefix nor a length difference changes how long the comparison takes.
         */
        boolean matches(String presented) {
            return presented != null && MessageDigest.isEqual(digest, sha256(presented));
        }

        @Override
        public String toString() {
            return "Token[****]";
        }
    }

    /** The key sessions are stored under: a stolen heap dump or log line of it is no cookie. */
    static String hash(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
