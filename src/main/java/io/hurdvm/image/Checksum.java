package io.hurdvm.image;

import java.util.Locale;
import java.util.regex.Pattern;

/** An expected or computed digest, written {@code sha256:<hex>} or {@code sha512:<hex>}. */
public record Checksum(Algorithm algorithm, String hex) {
    /** Supported digests; the hex length tells them apart. */
    public enum Algorithm {
        SHA256("SHA-256", 64), SHA512("SHA-512", 128);

        private final String jcaName;
        private final int hexLength;

        Algorithm(String jcaName, int hexLength) {
            this.jcaName = jcaName;
            this.hexLength = hexLength;
        }

        public String jcaName() {
            return jcaName;
        }

        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    public Checksum {
        hex = hex == null ? "" : hex.toLowerCase(Locale.ROOT);
        if (algorithm == null || hex.length() != algorithm.hexLength || !HEX.matcher(hex).matches()) {
            throw ImageException.badInput("invalid " + (algorithm == null ? "checksum" : algorithm.prefix())
                    + " '" + hex + "': expected " + (algorithm == null ? 64 : algorithm.hexLength) + " hex digits");
        }
    }

    /** Parses {@code sha256:<hex>}, {@code sha512:<hex>} or bare hex (64 digits: SHA-256, 128: SHA-512). */
    public static Checksum parse(String text) {
        String t = text.trim();
        for (Algorithm a : Algorithm.values()) {
            if (t.toLowerCase(Locale.ROOT).startsWith(a.prefix() + ":")) {
                return new Checksum(a, t.substring(a.prefix().length() + 1));
            }
        }
        return new Checksum(t.length() == Algorithm.SHA512.hexLength ? Algorithm.SHA512 : Algorithm.SHA256, t);
    }

    @Override
    public String toString() {
        return algorithm.prefix() + ":" + hex;
    }
}
