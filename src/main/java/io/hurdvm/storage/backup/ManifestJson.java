package io.hurdvm.storage.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads {@code manifest.json} as it comes from a target, i.e. from anyone who can write there: at most
 * {@value #MAX_BYTES} bytes, one JSON object and nothing after it, every value checked by
 * {@link BackupManifest}'s constructor. Unknown fields are ignored so newer writers stay readable;
 * they are not authenticated and nothing acts on them.
 */
public final class ManifestJson {
    static final int MAX_BYTES = 64 * 1024;
    private static final ObjectReader READER = JsonFiles.MAPPER.readerFor(BackupManifest.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ManifestJson() {
    }

    /** @throws IllegalArgumentException with a one-line reason if it is not a valid manifest */
    public static BackupManifest parse(byte[] json) {
        return HostileJson.read(READER, json, MAX_BYTES, "manifest");
    }

    /** Reads at most one byte more than allowed, so a huge planted manifest costs no memory. */
    static BackupManifest read(InputStream in) throws IOException {
        return parse(in.readNBytes(MAX_BYTES + 1));
    }
}
