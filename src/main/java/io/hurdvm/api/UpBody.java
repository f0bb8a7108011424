package io.hurdvm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.config.ForwardParser;
import io.hurdvm.config.SettingKey;
import io.hurdvm.image.ImageStore;
import io.hurdvm.template.TemplateName;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.PortForward;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /v1/instances/{name}/up}: the keys of the YAML settings file
 * ({@code image}, {@code memory}, {@code ssh-port}, ...), each a string, number or boolean. Unknown
 * keys are rejected so a typo does not silently fall back to a default; the values themselves are
 * validated by the lifecycle service exactly as CLI flags are, before anything is created, and
 * {@code image} may only name what the operator allows ({@link ImageAccess}).
 *
 * <p>An API caller cannot widen what the host exposes: {@code forwards} (a list of strings as
 * {@code --forward} takes them, or one comma-separated string) and {@code ssh-bind} may only listen on
 * loopback (127.0.0.0/8); wider forwards are the operator's, set on the daemon's host (CLI, or the
 * config file the daemon reads). Provision scripts are refused: they would run as root in the guest,
 * and the guest reaches the host's loopback services through QEMU's gateway (10.0.2.2).
 */
final class UpBody {
    private static final String TEMPLATE = "template";

    private UpBody() {
    }

    /**
     * The settings of an {@code up} body, with {@code image} admitted by the operator's
     * {@link ImageAccess} and replaced by the file that was checked.
     */
    static Map<SettingKey, String> admitted(ObjectNode body, ApiContext api) {
        Map<SettingKey, String> settings = settings(body);
        requireLoopbackOnly(settings);
        String image = settings.get(SettingKey.IMAGE);
        if (image != null) {
            settings.put(SettingKey.IMAGE, api.policy().images().admit(image, new ImageStore(api.service().home())));
        }
        return settings;
    }

    /** {@code template}: a template of the daemon's store, by name (never a path), to clone. */
    static Optional<String> template(ObjectNode body) {
        JsonNode t = body.get(TEMPLATE);
        if (t == null) {
            return Optional.empty();
        }
        if (!t.isTextual()) {
            throw ApiException.badRequest("'template' must be a template name (see GET /v1/templates)");
        }
        return Optional.of(TemplateName.of(t.asText()).value());
    }

    static Map<SettingKey, String> settings(ObjectNode body) {
        Map<SettingKey, String> settings = new EnumMap<>(SettingKey.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(TEMPLATE)) {
                continue;
            }
            if (e.getKey().equals("provision") || e.getKey().equals("reprovision")) {
                throw new ApiException(403, "'" + e.getKey() + "' is not accepted through the API: provision scripts run as root in"
                        + " the guest, which reaches the host's loopback; the operator sets them in the daemon's config file (HURDVM_CONFIG)");
            }
            SettingKey key = SettingKey.byKey(e.getKey());
            if (key == null) {
                throw ApiException.badRequest("unknown key '" + e.getKey() + "'; known keys: " + knownKeys());
            }
            JsonNode v = e.getValue();
            if (key == SettingKey.FORWARDS && v.isArray()) {
                settings.put(key, forwardList(v));
                continue;
            }
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                throw ApiException.badRequest("'" + e.getKey() + "' must be a string, number or boolean");
            }
            settings.put(key, v.asText());
        }
        return settings;
    }

    private static String forwardList(JsonNode list) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode item : list) {
            if (!item.isTextual() || item.textValue().contains(",")) {
                throw ApiException.badRequest("'forwards' must be a list of strings such as \"8080:80\" or \"5353:53/udp\"");
            }
            sb.append(sb.isEmpty() ? "" : ",").append(item.textValue());
        }
        return sb.isEmpty() ? ForwardParser.NONE : sb.toString();
    }

    /** Forwards and SSH on loopback only: what a request may open on the daemon's host. */
    static void requireLoopbackOnly(Map<SettingKey, String> settings) {
        String bind = settings.get(SettingKey.SSH_BIND);
        if (bind != null && !bind.strip().startsWith("127.")) {
            throw new ApiException(403, "'ssh-bind' " + printable(bind) + " is refused: through the API SSH listens on loopback"
                    + " only (127.0.0.1); a wider address is set by the operator on the daemon's host");
        }
        String forwards = settings.get(SettingKey.FORWARDS);
        if (forwards == null) {
            return;
        }
        List<PortForward> list;
        try {
            list = ForwardParser.parseList(forwards);
        } catch (InvalidSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        for (PortForward f : list) {
            if (!f.loopbackOnly()) {
                throw new ApiException(403, "forward " + f.describe() + " is refused: through the API forwards listen on loopback"
                        + " only (e.g. 127.0.0.1:8080:80); a wider address is set by the operator on the daemon's host");
            }
        }
    }

    private static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 60 ? p.substring(0, 60) + "..." : p;
    }

    static String knownKeys() {
        return Arrays.stream(SettingKey.values()).map(SettingKey::key).collect(Collectors.joining(", ")) + ", " + TEMPLATE;
    }
}
