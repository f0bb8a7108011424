package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.JsonFiles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ManifestMacTest {
    private static final BackupKey KEY = BackupKey.ofBytes(new byte[32]);
    private static final BackupKey OTHER = BackupKey.ofBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
            21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final BackupManifest M = new BackupManifest(2, "web", "20260101T000000Z-a001", "incremental",
            Instant.parse("2026-01-01T00:00:00Z"), "20251231T000000Z-f001", 1 << 30, 4 << 20, "qcow2-zstd",
            GcmChunkedFile.ALGORITHM + ":" + KEY.fingerprint(),
            List.of(new BackupManifest.FileEntry("disk.qcow2.hvenc", 100, SHA_A), new BackupManifest.FileEntry("spec.json.hvenc", 10, SHA_B)),
            "0.1", "nightly");

    @Test
    void sealed_authenticates_withItsKeyOnly() {
        BackupManifest sealed = ManifestMac.seal(M, KEY);
        assertThat(sealed.mac()).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 64);
        assertThat(ManifestMac.authentic(sealed, KEY)).isTrue();
        assertThat(ManifestMac.authentic(sealed, OTHER)).isFalse();
        assertThat(ManifestMac.authentic(M, KEY)).as("no mac").isFalse();
        assertThat(ManifestMac.authentic(sealed.withMac("hmac-sha256:zz"), KEY)).isFalse();
        assertThat(ManifestMac.authentic(sealed.withMac(sealed.mac().toUpperCase()), KEY)).isFalse();
    }

    /** Every field an attacker might change to redirect a restore is covered. */
    @Test
    void everyFieldIsCovered() {
        BackupManifest sealed = ManifestMac.seal(M, KEY);
        List<UnaryOperator<BackupManifest>> changes = List.of(
                m -> new BackupManifest(1, m.instance(), m.id(), m.kind(), m.time(), m.parent(), m.virtualSize(), m.dataBytes(), m.compression(),
                        m.encryption(), m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, "db", m.id(), m.kind(), m.time(), m.parent(), m.virtualSize(), m.dataBytes(), m.compression(),
                        m.encryption(), m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), "20270101T000000Z-a001", m.kind(), m.time(), m.parent(), m.virtualSize(), m.dataBytes(),
                        m.compression(), m.encryption(), m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), "full", m.time(), null, m.virtualSize(), m.dataBytes(), m.compression(),
                        m.encryption(), m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), m.kind(), m.time(), "20251230T000000Z-f000", m.virtualSize(), m.dataBytes(),
                        m.compression(), m.encryption(), m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), m.kind(), m.time().plusSeconds(1), m.parent(), m.virtualSize(), m.dataBytes(),
                        m.compression(), m.encryption(), m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), m.kind(), m.time(), m.parent(), m.virtualSize() + 1, m.dataBytes(),
                        m.compression(), m.encryption(), m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), m.kind(), m.time(), m.parent(), m.virtualSize(), m.dataBytes(), m.compression(),
                        "none", m.files(), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), m.kind(), m.time(), m.parent(), m.virtualSize(), m.dataBytes(), m.compression(),
                        m.encryption(), List.of(new BackupManifest.FileEntry("disk.qcow2.hvenc", 100, SHA_B), m.files().get(1)),
                        m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), m.kind(), m.time(), m.parent(), m.virtualSize(), m.dataBytes(), m.compression(),
                        m.encryption(), List.of(m.files().get(0)), m.hurdvmVersion(), m.schedule(), m.mac()),
                m -> new BackupManifest(2, m.instance(), m.id(), m.kind(), m.time(), m.parent(), m.virtualSize(), m.dataBytes(), m.compression(),
                        m.encryption(), m.files(), m.hurdvmVersion(), null, m.mac()));
        for (UnaryOperator<BackupManifest> change : changes) {
            BackupManifest altered = change.apply(sealed);
            assertThat(altered.mac()).isEqualTo(sealed.mac());
            assertThat(ManifestMac.authentic(altered, KEY)).as("%s", altered).isFalse();
        }
    }

    /** How the stored file is spelled does not matter, only what it says: whitespace, field order, unknown fields. */
    @Test
    void authenticity_survivesAnotherSpellingOfTheSameManifest() throws Exception {
        BackupManifest sealed = ManifestMac.seal(M, KEY);
        String pretty = JsonFiles.MAPPER.writeValueAsString(sealed);
        String reordered = pretty.replace("{", "{ \"zz-unknown\" : 1, ");
        assertThat(ManifestMac.authentic(ManifestJson.parse(reordered.getBytes(StandardCharsets.UTF_8)), KEY)).isTrue();
    }

    /**
     * Pins the canonical form and the key derivation: if a library update changed either, every
     * backup ever made would stop authenticating. This value must never change. It was computed
     * independently (Python's hmac/hashlib: HKDF-SHA256 of 32 zero bytes, no salt, then HMAC-SHA256
     * over the label and this JSON), so the documented construction is the one implemented.
     */
    @Test
    void canonicalFormAndMac_areStable() {
        assertThat(new String(ManifestMac.canonical(M), StandardCharsets.UTF_8)).isEqualTo(
                "{\"compression\":\"qcow2-zstd\",\"dataBytes\":4194304,\"encryption\":\"aes-256-gcm-chunked:" + KEY.fingerprint() + "\","
                + "\"files\":[{\"name\":\"disk.qcow2.hvenc\",\"sha256\":\"" + SHA_A + "\",\"size\":100},"
                + "{\"name\":\"spec.json.hvenc\",\"sha256\":\"" + SHA_B + "\",\"size\":10}],"
                + "\"formatVersion\":2,\"hurdvmVersion\":\"0.1\",\"id\":\"20260101T000000Z-a001\",\"instance\":\"web\",\"kind\":\"incremental\","
                + "\"parent\":\"20251231T000000Z-f001\",\"schedule\":\"nightly\",\"time\":\"2026-01-01T00:00:00Z\",\"virtualSize\":1073741824}");
        assertThat(ManifestMac.seal(M, KEY).mac()).isEqualTo("hmac-sha256:0fb9806fa4bae3b45a85823a27645e9175c8c0c9e429730f063b3f7a50d59f5f");
    }
}
