package io.hurdvm.config;

/** Where a setting came from, highest precedence first. */
public enum SettingSource {
    FLAG("command-line flag"),
    ENV("HURDVM_* environment variable"),
    SEED_ENV("seed environment variable (QEMU_RAM, QEMU_SMP, QEMU_DRIVE, ENABLE_VNC, UNSAFE_CACHE)"),
    CONFIG_FILE("--config YAML file"),
    INSTANCE("saved instance settings"),
    DEFAULT("built-in default");

    private final String description;

    SettingSource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
