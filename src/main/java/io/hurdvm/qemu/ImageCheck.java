package io.hurdvm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Outcome of {@code qemu-img check}. {@code supported} is false for formats without consistency
 * metadata (raw): there is nothing to check, which is not an error.
 */
public record ImageCheck(boolean supported, long corruptions, long leaks, long checkErrors) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** No corruption and no internal error; leaked clusters only waste space and are not fatal. */
    public boolean isClean() {
        return corruptions == 0 && checkErrors == 0;
    }

    static ImageCheck notSupported() {
        return new ImageCheck(false, 0, 0, 0);
    }

    static ImageCheck parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            return new ImageCheck(true, root.path("corruptions").asLong(0), root.path("leaks").asLong(0),
                    root.path("check-errors").asLong(0));
        } catch (IOException e) {
            throw new IllegalArgumentException("qemu-img check printed no valid JSON: " + e.getMessage(), e);
        }
    }
}
