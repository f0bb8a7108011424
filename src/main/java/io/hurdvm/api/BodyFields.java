package io.hurdvm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a JSON request body, read with their type checked: a wrong type or an unknown key is
 * a 400 naming the key, so a typo never silently falls back to a default.
 */
final class BodyFields {
    private final ObjectNode body;

    private BodyFields(ObjectNode body) {
        this.body = body;
    }

    /** @param known every key the route accepts, in the order the error message lists them */
    static BodyFields of(ObjectNode body, List<String> known) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw ApiException.badRequest("unknown key '" + k + "'; known keys: " + String.join(", ", known));
            }
        }
        return new BodyFields(body);
    }

    String requiredText(String key, String example) {
        return optionalText(key, example)
                .orElseThrow(() -> ApiException.badRequest("'" + key + "' is required, e.g. {\"" + key + "\": \"" + example + "\"}"));
    }

    Optional<String> optionalText(String key, String example) {
        JsonNode v = body.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("'" + key + "' must be a string, e.g. \"" + example + "\"");
        }
        return Optional.of(v.textValue());
    }

    boolean bool(String key, boolean absent) {
        JsonNode v = body.get(key);
        if (v == null) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("'" + key + "' must be true or false");
        }
        return v.booleanValue();
    }

    /** A whole number of at least 0; 0 when absent. */
    int count(String key) {
        return optionalCount(key, "0 = not used").orElse(0);
    }

    /** A whole number of at least 0, when the body has it; {@code meaningOfZero} goes into the error message. */
    Optional<Integer> optionalCount(String key, String meaningOfZero) {
        JsonNode v = body.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw ApiException.badRequest("'" + key + "' must be a whole number, 0 or more (" + meaningOfZero + "), got " + v);
        }
        return Optional.of(v.intValue());
    }
}
