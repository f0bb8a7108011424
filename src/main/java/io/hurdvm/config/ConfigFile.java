package io.hurdvm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hurdvm.vm.InvalidSpecException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.hurdvm.vm.ProvisionScript;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The YAML settings file: a flat mapping using the flag names, e.g. {@code memory: 2048},
 * {@code accel: tcg}, plus two lists: {@code forwards:} (each item as {@code --forward} takes it) and
 * {@code provision:} (each item {@code run: SCRIPT} or {@code file: PATH}, a path relative to the
 * YAML file's folder). Unknown keys are an error so that typos do not pass silently.
 */
public final class ConfigFile {
    private static final long MAX_BYTES = 64 * 1024;
    static final String PROVISION = "provision";

    private ConfigFile() {
    }

    /**
     * What a settings file holds.
     *
     * @param provision the scripts of {@code provision:}, or empty when the file has no such key
     */
    public record Contents(Map<SettingKey, String> settings, Optional<List<ProvisionScript>> provision) {
        public Contents {
            settings = Map.copyOf(settings);
            provision = provision.map(List::copyOf);
        }
    }

    public static Map<SettingKey, String> read(Path file) {
        return load(file).settings();
    }

    public static Contents load(Path file) {
        requireRegularFile(file);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (AccessDeniedException e) {
            throw new InvalidSpecException("config file " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new InvalidSpecException("config file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        Map<SettingKey, String> layer = new EnumMap<>(SettingKey.class);
        Optional<List<ProvisionScript>> provision = Optional.empty();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Contents(layer, provision);
        }
        if (!root.isObject()) {
            throw new InvalidSpecException("config file " + file + " must be a YAML mapping such as 'memory: 2048'");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(PROVISION)) {
                provision = Optional.of(provisionList(file, e.getValue()));
                continue;
            }
            SettingKey key = SettingKey.byKey(e.getKey());
            if (key == null) {
                throw new InvalidSpecException("config file " + file + ": unknown key '" + e.getKey()
                        + "'; known keys: " + knownKeys());
            }
            if (key == SettingKey.FORWARDS && e.getValue().isArray()) {
                layer.put(key, joinedList(file, e.getKey(), e.getValue()));
                continue;
            }
            if (!e.getValue().isValueNode()) {
                throw new InvalidSpecException("config file " + file + ": '" + e.getKey() + "' must be a single value");
            }
            layer.put(key, e.getValue().asText());
        }
        return new Contents(layer, provision);
    }

    /** {@code forwards: ["8080:80", "5353:53/udp"]} as the one comma-separated setting; {@code []} is none. */
    private static String joinedList(Path file, String key, JsonNode list) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isValueNode() || item.asText().contains(",")) {
                throw new InvalidSpecException("config file " + file + ": each item of '" + key
                        + "' must be one value such as 8080:80");
            }
            items.add(item.asText());
        }
        return items.isEmpty() ? ForwardParser.NONE : String.join(",", items);
    }

    private static List<ProvisionScript> provisionList(Path file, JsonNode list) {
        if (!list.isArray()) {
            throw new InvalidSpecException("config file " + file + ": 'provision' must be a list of '- run: SCRIPT' or '- file: PATH'");
        }
        List<ProvisionScript> scripts = new ArrayList<>();
        for (JsonNode item : list) {
            scripts.add(provisionItem(file, item, scripts.size() + 1));
        }
        return scripts;
    }

    private static ProvisionScript provisionItem(Path file, JsonNode item, int n) {
        String where = "config file " + file + ": provision item " + n;
        if (!item.isObject() || item.size() != 1 || !(item.has("run") || item.has("file")) || !item.elements().next().isTextual()) {
            throw new InvalidSpecException(where + " must be either 'run: SCRIPT' or 'file: PATH'");
        }
        if (item.has("run")) {
            return new ProvisionScript("inline #" + n, item.get("run").asText());
        }
        Path script = Path.of(item.get("file").asText());
        Path folder = file.toAbsolutePath().getParent();
        return ProvisionScripts.read(script.isAbsolute() || folder == null ? script : folder.resolve(script));
    }

    /**
     * A settings file is a small regular file. A device ({@code /dev/null}, {@code /dev/zero}), a pipe or a
     * directory is refused with what it is, not read (a device may never end).
     */
    private static void requireRegularFile(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidSpecException("config file " + file + " does not exist: check --config");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidSpecException("config file " + file + " is a directory: give a YAML file to --config");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidSpecException("config file " + file + " is not a regular file (a device, pipe or socket):"
                    + " give a YAML file to --config");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidSpecException("config file " + file + " cannot be read: permission denied");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidSpecException("config file " + file + " is larger than " + (MAX_BYTES >> 10)
                        + " KiB: a settings file holds a few lines");
            }
        } catch (IOException e) {
            throw new InvalidSpecException("config file " + file + " cannot be read: " + firstLine(e.getMessage()));
        }
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (SettingKey k : SettingKey.values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(k.key());
        }
        return sb.append(", ").append(PROVISION).toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
