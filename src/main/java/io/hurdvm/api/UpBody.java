package io.hurdvm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.config.SettingKey;
import io.hurdvm.image.ImageStore;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /v1/instances/{name}/up}: the keys of the YAML settings file
 * ({@code image}, {@code memory}, {@code ssh-port}, ...), each a string, number or boolean. Unknown
 * keys are rejected so a typo does not silently fall back to a default; the values themselves are
 * validated by the lifecycle service exactly as CLI flags are, before anything is created, and
 * {@code image} may only name what the operator allows ({@link ImageAccess}).
 */
final class UpBody {
    private UpBody() {
    }

    /**
     * The settings of an {@code up} body, with {@code image} admitted by the operator's
     * {@link ImageAccess} and replaced by the file that was checked.
     */
    static Map<SettingKey, String> admitted(ObjectNode body, ApiContext api) {
        Map<SettingKey, String> settings = settings(body);
        String image = settings.get(SettingKey.IMAGE);
        if (image != null) {
            settings.put(SettingKey.IMAGE, api.policy().images().admit(image, new ImageStore(api.service().home())));
        }
        return settings;
    }

    static Map<SettingKey, String> settings(ObjectNode body) {
        Map<SettingKey, String> settings = new EnumMap<>(SettingKey.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SettingKey key = SettingKey.byKey(e.getKey());
            if (key == null) {
                throw ApiException.badRequest("unknown key '" + e.getKey() + "'; known keys: " + knownKeys());
            }
            JsonNode v = e.getValue();
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                throw ApiException.badRequest("'" + e.getKey() + "' must be a string, number or boolean");
            }
            settings.put(key, v.asText());
        }
        return settings;
    }

    static String knownKeys() {
        return Arrays.stream(SettingKey.values()).map(SettingKey::key).collect(Collectors.joining(", "));
    }
}
