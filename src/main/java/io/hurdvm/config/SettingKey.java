package io.hurdvm.config;

/**
 * Every setting {@code up} accepts, with its flag/YAML name, hurdvm's own environment variable and,
 * where one exists, the environment variable the seed's shell scripts used (kept working).
 */
public enum SettingKey {
    IMAGE("image", "HURDVM_IMAGE", "QEMU_DRIVE"),
    MEMORY("memory", "HURDVM_MEMORY", "QEMU_RAM"),
    CPUS("cpus", "HURDVM_CPUS", "QEMU_SMP"),
    ACCEL("accel", "HURDVM_ACCEL", null),
    PROFILE("profile", "HURDVM_PROFILE", null),
    SSH_PORT("ssh-port", "HURDVM_SSH_PORT", null),
    SSH_BIND("ssh-bind", "HURDVM_SSH_BIND", null),
    /**
     * Port forwards ({@code --forward}, repeatable; YAML list {@code forwards:}): comma-separated
     * {@code [BIND:]HOSTPORT:GUESTPORT[/tcp|udp]}, or {@code none}.
     */
    FORWARDS("forwards", "HURDVM_FORWARDS", null),
    DISK_SIZE("disk-size", "HURDVM_DISK_SIZE", null),
    VNC("vnc", "HURDVM_VNC", "ENABLE_VNC"),
    UNSAFE_CACHE("unsafe-cache", "HURDVM_UNSAFE_CACHE", "UNSAFE_CACHE"),
    RESTART("restart", "HURDVM_RESTART", null),
    WAIT("wait", "HURDVM_WAIT", null),
    TIMEOUT("timeout", "HURDVM_TIMEOUT", null);

    private final String key;
    private final String env;
    private final String seedEnv;

    SettingKey(String key, String env, String seedEnv) {
        this.key = key;
        this.env = env;
        this.seedEnv = seedEnv;
    }

    /** Name of the CLI flag (without dashes) and of the YAML key. */
    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    /** The seed's variable name, or null. */
    public String seedEnv() {
        return seedEnv;
    }

    public static SettingKey byKey(String key) {
        for (SettingKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
