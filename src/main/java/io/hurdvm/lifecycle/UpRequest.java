package io.hurdvm.lifecycle;

import io.hurdvm.config.SettingKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A request to bring an instance up: explicit settings (CLI flags or API body) plus an optional
 * YAML file, or a template to clone; the environment and the instance's saved settings are layered in by the service.
 */
public record UpRequest(String name, Map<SettingKey, String> settings, Optional<Path> configFile,
                        Optional<Path> rootPasswordFile, Optional<String> template) {
    public UpRequest {
        settings = Map.copyOf(settings);
    }

    public UpRequest(String name, Map<SettingKey, String> settings, Optional<Path> configFile, Optional<Path> rootPasswordFile) {
        this(name, settings, configFile, rootPasswordFile, Optional.empty());
    }

    /** A new clone of {@code template} ({@code up NEW --template T}). */
    public UpRequest withTemplate(String template) {
        return new UpRequest(name, settings, configFile, rootPasswordFile, Optional.of(template));
    }
}
