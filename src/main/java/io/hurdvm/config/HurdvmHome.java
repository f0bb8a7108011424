package io.hurdvm.config;

import io.hurdvm.proc.PrivateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where hurdvm keeps its state: HURDVM_HOME, else $XDG_DATA_HOME/hurdvm, else ~/.local/share/hurdvm, and
 * for root /var/lib/hurdvm (a system place: QEMU, which root's hurdvm runs as an unprivileged user,
 * must be able to pass through to its work folders, and /root lets nobody through). A root home made
 * by an earlier version under /root/.local/share/hurdvm is kept.
 */
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
        Path userDefault = Path.of(System.getProperty("user.home"), ".local", "share", "hurdvm");
        if (PrivateDirectory.currentUid() == 0 && !Files.isDirectory(userDefault)) {
            return ROOT_DEFAULT;
        }
        return userDefault;
    }

    /** Root's default state folder. */
    public static final Path ROOT_DEFAULT = Path.of("/var/lib/hurdvm");
}
