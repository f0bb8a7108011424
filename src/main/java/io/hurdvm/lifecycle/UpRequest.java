package io.hurdvm.lifecycle;

import io.hurdvm.config.SettingKey;
import io.hurdvm.vm.ProvisionScript;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request to bring an instance up: explicit settings (CLI flags or API body) plus an optional
 * YAML file, or a template to clone; the environment and the instance's saved settings are layered in by the service.
 *
 * @param provision   the instance's provision scripts from now on (flags), or empty to take them from
 *                    the YAML file, else keep the saved ones
 * @param reprovision run every provision script again, changed or not
 * @param template    the template a new instance is a clone of ({@code up NEW --template T})
 */
public record UpRequest(String name, Map<SettingKey, String> settings, Optional<Path> configFile,
                        Optional<Path> rootPasswordFile, Optional<List<ProvisionScript>> provision, boolean reprovision,
                        Optional<String> template) {
    public UpRequest {
        settings = Map.copyOf(settings);
        provision = provision.map(List::copyOf);
    }

    public UpRequest(String name, Map<SettingKey, String> settings, Optional<Path> configFile,
                     Optional<Path> rootPasswordFile, Optional<List<ProvisionScript>> provision, boolean reprovision) {
        this(name, settings, configFile, rootPasswordFile, provision, reprovision, Optional.empty());
    }

    public UpRequest(String name, Map<SettingKey, String> settings, Optional<Path> configFile, Optional<Path> rootPasswordFile) {
        this(name, settings, configFile, rootPasswordFile, Optional.empty(), false);
    }

    /** A new clone of {@code template} ({@code up NEW --template T}). */
    public UpRequest withTemplate(String template) {
        return new UpRequest(name, settings, configFile, rootPasswordFile, provision, reprovision, Optional.of(template));
    }
}
