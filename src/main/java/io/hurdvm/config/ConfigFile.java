package io.hurdvm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hurdvm.vm.InvalidSpecException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The YAML settings file: a flat mapping using the flag names, e.g. {@code memory: 2048},
 * {@code accel: tcg}. Unknown keys are an error so that typos do not pass silently.
 */
public final class ConfigFile {
    private static final long MAX_BYTES = 64 * 1024;
    private ConfigFile() {
    }

    public static Map<SettingKey, String> read(Path file) {
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
        if (root == null || root.isMissingNode() || root.isNull()) {
            return layer;
        }
        if (!root.isObject()) {
            throw new InvalidSpecException("config file " + file + " must be a YAML mapping such as 'memory: 2048'");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SettingKey key = SettingKey.byKey(e.getKey());
            if (key == null) {
                throw new InvalidSpecException("config file " + file + ": unknown key '" + e.getKey()
                        + "'; known keys: " + knownKeys());
            }
            if (!e.getValue().isValueNode()) {
                throw new InvalidSpecException("config file " + file + ": '" + e.getKey() + "' must be a single value");
            }
            layer.put(key, e.getValue().asText());
        }
        return layer;
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
        return sb.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
