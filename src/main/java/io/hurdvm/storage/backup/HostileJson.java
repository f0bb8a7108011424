package io.hurdvm.storage.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Reads one JSON value from bytes a backup target supplied, i.e. anyone who can write there: bounded
 * in size before parsing, and every failure a one-line {@link IllegalArgumentException}.
 */
final class HostileJson {
    private HostileJson() {
    }

    /** @param what names the input in messages, e.g. "manifest" */
    static <T> T read(ObjectReader reader, byte[] json, int maxBytes, String what) {
        if (json.length > maxBytes) {
            throw new IllegalArgumentException(what + " is larger than " + maxBytes + " bytes: it is not one hurdvm wrote");
        }
        T value;
        try {
            value = reader.readValue(json);
        } catch (JsonProcessingException e) {
            // the record's own checks arrive wrapped too (ValueInstantiationException)
            throw new IllegalArgumentException(what + " is invalid: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " is invalid: " + firstLine(e.getMessage()), e);
        }
        if (value == null) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return value;
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
