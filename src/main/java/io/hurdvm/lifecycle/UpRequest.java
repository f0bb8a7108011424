package io.hurdvm.lifecycle;

import io.hurdvm.config.SettingKey;
import io.hurdvm.vm.ProvisionScript;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request to bring an instance up: explicit settings (CLI flags or API body) plus an optional
 * YAML file; the environment and the instance's saved settings are layered in by the service.
 *
 * @param provision   the instance's provision scripts from now on (flags), or empty to take them from
 *                    the YAML file, else keep the saved ones
 * @param reprovision run every provision script again, changed or not
 */
public record UpRequest(String name, Map<SettingKey, String> settings, Optional<Path> configFile,
                        Optional<Path> rootPasswordFile, Optional<List<ProvisionScript>> provision, boolean reprovision) {
    public UpRequest {
        settings = Map.copyOf(settings);
        provision = provision.map(List::copyOf);
    }

    public UpRequest(String name, Map<SettingKey, String> settings, Optional<Path> configFile, Optional<Path> rootPasswordFile) {
        this(name, settings, configFile, rootPasswordFile, Optional.empty(), false);
    }
}
