package io.hurdvm.storage.backup;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the reader of encrypted backup files from mutations of a genuine one (the seed in
 * {@code GcmChunkedFileFuzzTestInputs/decrypt/}, {@link #PLAIN} encrypted with {@link #KEY}): the only
 * allowed failure is a {@link BackupException}, and whatever decrypts must be exactly {@link #PLAIN},
 * i.e. no change to the file is ever accepted as other content.
 */
class GcmChunkedFileFuzzTest {

    /** See {@link JazzerClassesPreload}: before the first fuzz test installs Jazzer's agent. */
    @BeforeAll
    static void loadJazzerClassesFirst() throws Exception {
        JazzerClassesPreload.loadAll();
    }
    static final BackupKey KEY = BackupKey.ofBytes("hurdvm fuzz key, not a secret!!!".getBytes(StandardCharsets.US_ASCII));
    static final byte[] PLAIN = "hurdvm encrypted backup fuzz seed\n".repeat(20).getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "5s")
    void decrypt(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            GcmChunkedFile.decrypt(new ByteArrayInputStream(data), out, KEY, "fuzz.hvenc");
        } catch (BackupException refused) {
            return;
        }
        if (!Arrays.equals(out.toByteArray(), PLAIN)) {
            throw new IllegalStateException("an altered file decrypted to other content: " + out.size() + " bytes");
        }
    }
}
