package io.hurdvm.config;

import java.nio.file.Path;
import java.util.Map;

/** Where hurdvm keeps its state: HURDVM_HOME, else $XDG_DATA_HOME/hurdvm, else ~/.local/share/hurdvm. */
public final class HurdvmHome {
    private HurdvmHome() {
    }

    public static Path resolve(Map<String, String> env) {
        String home = env.get("HURDVM_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "hurdvm").toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "hurdvm");
    }

    public static Path resolve() {
        return resolve(System.getenv());
    }
}
