package io.hurdvm.cli;

import io.hurdvm.config.SettingKey;
import io.hurdvm.vm.ProvisionScript;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an {@code up} was asked, however it arrived (the command's flags, a restore's boot
 * check): the flags as settings, the files named on the command line (read where the command runs),
 * the provision scripts already read, and whether NAME becomes a clone of a template.
 */
public record UpOrder(String name, Map<SettingKey, String> flags, Optional<Path> configFile, Optional<Path> rootPasswordFile,
                      Optional<List<ProvisionScript>> provision, boolean reprovision, Optional<String> template) {
    public UpOrder {
        flags = Map.copyOf(flags);
    }

    /** A plain boot of an existing instance with these settings. */
    public static UpOrder of(String name, Map<SettingKey, String> settings) {
        return new UpOrder(name, settings, Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());
    }
}
