package io.hurdvm.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where hurdvm keeps its data: {@code $HURDVM_HOME}, else {@code $XDG_DATA_HOME/hurdvm}, else
 * {@code ~/.local/share/hurdvm} (the XDG default, so a user's home stays tidy).
 */
public final class StoreLocation {
    private StoreLocation() {
    }

    public static Path home(Map<String, String> env) {
        return home(env, Path.of(System.getProperty("user.home")));
    }

    static Path home(Map<String, String> env, Path userHome) {
        String explicit = env.get("HURDVM_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "hurdvm");
        }
        return userHome.resolve(".local/share/hurdvm");
    }

    /** The image store's root folder. */
    public static Path images(Path home) {
        return home.resolve("images");
    }

    /** Instance folders, each with a {@code disk.qcow2} overlay on a store image. */
    public static Path instances(Path home) {
        return home.resolve("instances");
    }
}
