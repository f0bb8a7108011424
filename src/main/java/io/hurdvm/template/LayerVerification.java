package io.hurdvm.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Remembers that a template's layer was hashed and matched, with what identifies its bytes without
 * reading them: inode, size, mtime and ctime (no one sets a ctime: any change of the file or of
 * its metadata moves it). While these stay, the layer is the one that was hashed.
 */
final class LayerVerification {
    private static final String FILE = ".layer-verified";

    private LayerVerification() {
    }

    static boolean stillVerified(TemplatePaths paths, String sha256) {
        Path f = paths.dir().resolve(FILE);
        try {
            return Files.isRegularFile(f) && Files.readString(f, StandardCharsets.US_ASCII).equals(stamp(paths.disk(), sha256));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static void record(TemplatePaths paths, String sha256) {
        Path f = paths.dir().resolve(FILE);
        try {
            Path tmp = Files.createTempFile(paths.dir(), FILE, ".tmp");
            Files.writeString(tmp, stamp(paths.disk(), sha256), StandardCharsets.US_ASCII);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // only a shortcut for the next clone; it will hash again
        }
    }

    private static String stamp(Path disk, String sha256) throws IOException {
        Map<String, Object> a = Files.readAttributes(disk, "unix:ino,size,lastModifiedTime,ctime");
        return sha256 + " " + a.get("ino") + " " + a.get("size") + " " + a.get("lastModifiedTime") + " " + a.get("ctime") + "\n";
    }
}
