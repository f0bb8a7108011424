package io.hurdvm.vm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A user's provision script: run once in the guest, as root, after hurdvm's own provisioning. It
 * runs again only when its content changes, so its identity is the SHA-256 of its content; the name
 * (a file name, or "inline #N") is for people.
 */
public record ProvisionScript(String name, String content) {
    /** Far above any setup script, far below what would strain the guest's shell or our memory. */
    public static final int MAX_BYTES = 1 << 20;

    public ProvisionScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        if (content.isBlank()) {
            throw new InvalidSpecException("provision script " + name + " is empty");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidSpecException("provision script " + name + " is larger than " + (MAX_BYTES >> 10)
                    + " KiB: copy big files into the guest with 'hurdvm cp' and keep the script short");
        }
        if (content.indexOf('\0') >= 0) {
            throw new InvalidSpecException("provision script " + name + " contains a NUL byte: give a text file");
        }
    }

    /** The script's identity: its marker in the guest is named after it. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex digits, enough to tell scripts apart in messages. */
    public String shortHash() {
        return sha256().substring(0, 12);
    }
}
