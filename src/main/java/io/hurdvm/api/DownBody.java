package io.hurdvm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.config.SizeParser;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/** The body of {@code POST /v1/instances/{name}/down}: {@code {"timeout": "30s", "force": false}}, both optional. */
record DownBody(Duration timeout, boolean force) {
    static final Duration DEFAULT_TIMEOUT = io.hurdvm.vm.Profile.DEFAULT_STOP_TIMEOUT;
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final Set<String> KEYS = Set.of("timeout", "force");

    DownBody {
        if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw ApiException.badRequest("'timeout' must be between 0s and " + MAX_TIMEOUT.toMinutes() + "m");
        }
    }

    static DownBody parse(ObjectNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw ApiException.badRequest("unknown key '" + k + "'; known keys: timeout, force");
            }
        }
        Duration timeout = DEFAULT_TIMEOUT;
        JsonNode t = body.get("timeout");
        if (t != null) {
            if (!(t.isTextual() || t.isIntegralNumber())) {
                throw ApiException.badRequest("'timeout' must be a duration such as \"90s\" or a number of seconds");
            }
            timeout = SizeParser.duration("timeout", t.asText());
        }
        JsonNode f = body.get("force");
        if (f != null && !f.isBoolean()) {
            throw ApiException.badRequest("'force' must be true or false");
        }
        return new DownBody(timeout, f != null && f.booleanValue());
    }
}
