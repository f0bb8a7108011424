package io.hurdvm.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings merged from all layers. The first layer in {@link SettingSource} order that defines a
 * key wins: flag, then HURDVM_* env, then the seed's env names, then the YAML file, then what the
 * instance saved when it was created, then defaults.
 */
public final class Settings {
    public record Value(String text, SettingSource source) {
    }

    private final Map<SettingKey, Value> values;

    private Settings(Map<SettingKey, Value> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings merge(Map<SettingSource, Map<SettingKey, String>> layers) {
        Map<SettingKey, Value> merged = new EnumMap<>(SettingKey.class);
        for (SettingSource source : SettingSource.values()) {
            Map<SettingKey, String> layer = layers.getOrDefault(source, Map.of());
            layer.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    merged.putIfAbsent(k, new Value(v.trim(), source));
                }
            });
        }
        return new Settings(merged);
    }

    /** The environment layers: hurdvm's names and the seed's names, each its own layer. */
    public static Map<SettingKey, String> envLayer(Map<String, String> env, boolean seedNames) {
        Map<SettingKey, String> layer = new EnumMap<>(SettingKey.class);
        for (SettingKey k : SettingKey.values()) {
            String name = seedNames ? k.seedEnv() : k.env();
            if (name != null && env.containsKey(name)) {
                layer.put(k, env.get(name));
            }
        }
        return layer;
    }

    public Optional<Value> get(SettingKey key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<String> text(SettingKey key) {
        return get(key).map(Value::text);
    }

    public Map<SettingKey, Value> asMap() {
        return values;
    }
}
