package io.hurdvm.storage.backup;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import io.hurdvm.instance.JsonFiles;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the reading of {@code manifest.json}, which comes from whoever can write to a backup target.
 * The only allowed failure is a one-line {@link IllegalArgumentException}; whatever parses survives
 * a round trip unchanged (so what is authenticated is what is used), and no input the fuzzer makes
 * is ever trusted under a key. Seeds: {@code ManifestJsonFuzzTestInputs/manifest/}. Bounded to a
 * few seconds in {@code mvn test}; longer runs: docs/security.md.
 */
class ManifestJsonFuzzTest {

    /** See {@link JazzerClassesPreload}: before the first fuzz test installs Jazzer's agent. */
    @BeforeAll
    static void loadJazzerClassesFirst() throws Exception {
        JazzerClassesPreload.loadAll();
    }
    private static final BackupKey KEY = BackupKey.ofBytes(new byte[32]);

    @FuzzTest(maxDuration = "5s")
    void manifest(byte[] data) throws Exception {
        BackupManifest m;
        try {
            m = ManifestJson.parse(data);
        } catch (IllegalArgumentException refused) {
            if (refused.getMessage() == null || refused.getMessage().contains("\n")) {
                throw new IllegalStateException("refusal is not one line: " + refused.getMessage(), refused);
            }
            return;
        }
        byte[] written = JsonFiles.MAPPER.writeValueAsBytes(m);
        if (written.length <= ManifestJson.MAX_BYTES) {
            BackupManifest again = ManifestJson.parse(written);
            if (!again.equals(m) || !Arrays.equals(ManifestMac.canonical(again), ManifestMac.canonical(m))) {
                throw new IllegalStateException("a manifest changed on a round trip: " + m + " became " + again);
            }
        }
        if (BackupTrust.of(Optional.of(KEY), List.of(m), false).problem(m).isEmpty()) {
            throw new IllegalStateException("a manifest nobody sealed with the key is trusted: " + m);
        }
    }
}
