package io.hurdvm.storage.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates a manifest with the backup key: HMAC-SHA256, keyed with a key derived from the backup
 * key by HKDF-SHA256 (so the AES key itself is never used for anything but AES-GCM), over a label and
 * the manifest's canonical JSON without {@code mac}. Canonical: Jackson's compact output of the record
 * with properties sorted by name and nulls left out, i.e. exactly the fields the reader acts on, however
 * the stored file was spelled. A target (which controls every byte it stores) can therefore neither
 * forge a manifest nor change its chain, files, hashes or encryption mode without the key.
 */
final class ManifestMac {
    static final String PREFIX = "hmac-sha256:";
    private static final byte[] LABEL = "hurdvm backup manifest v2\n".getBytes(StandardCharsets.US_ASCII);
    private static final String HKDF_INFO = "hurdvm backup manifest authentication";
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private ManifestMac() {
    }

    /** The manifest with its {@code mac} set for {@code key}. */
    static BackupManifest seal(BackupManifest m, BackupKey key) {
        return m.withMac(PREFIX + HexFormat.of().formatHex(compute(m, key)));
    }

    /** Whether {@code m} carries a mac that {@code key} made over exactly its other fields. */
    static boolean authentic(BackupManifest m, BackupKey key) {
        if (m.mac() == null || !m.mac().startsWith(PREFIX)) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(m.mac().substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(claimed, compute(m, key));
    }

    /** What the mac covers; package-visible so a test can pin the canonical form. */
    static byte[] canonical(BackupManifest m) {
        try {
            return CANONICAL.writeValueAsBytes(m.withMac(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a manifest: " + e.getMessage(), e);
        }
    }

    private static byte[] compute(BackupManifest m, BackupKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.derive(HKDF_INFO), "HmacSHA256"));
            mac.update(LABEL);
            return mac.doFinal(canonical(m));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }
}
