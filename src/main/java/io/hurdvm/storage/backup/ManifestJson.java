package io.hurdvm.storage.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("manifest is larger than " + MAX_BYTES + " bytes");
        }
        try {
            BackupManifest m = READER.readValue(json);
            if (m == null) {
                throw new IllegalArgumentException("manifest is empty");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid manifest: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid manifest: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the record's own checks arrive wrapped (ValueInstantiationException is a JsonProcessingException) or bare
            throw new IllegalArgumentException("not a valid manifest: " + firstLine(e.getMessage()), e);
        }
    }

    /** Reads at most one byte more than allowed, so a huge planted manifest costs no memory. */
    static BackupManifest read(InputStream in) throws IOException {
        return parse(in.readNBytes(MAX_BYTES + 1));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
