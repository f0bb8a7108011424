package io.hurdvm.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the kernel's {@code /proc} and {@code /sys} are found. Production code uses {@link #SYSTEM};
 * tests point it at a temporary directory holding a fake cgroup tree, so the same parsers read it.
 */
public record FsRoot(Path root) {

    public static final FsRoot SYSTEM = new FsRoot(Path.of("/"));

    public FsRoot {
        Objects.requireNonNull(root, "root");
    }

    /** Maps an absolute path as the kernel names it (e.g. {@code /proc/self/cgroup}) below this root. */
    public Path resolve(String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + absolutePath);
        }
        return root.resolve(absolutePath.substring(1));
    }

    /** A kernel file's text, or "" when it does not exist (a controller or /proc that is not there). */
    public String readIfPresent(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new LimitsUnreadableException("cannot read " + kernelName(file) + ": " + e.getMessage());
        }
    }

    /** The inverse of {@link #resolve}: how the kernel would name {@code path}, for reports. */
    public String kernelName(Path path) {
        return "/" + root.relativize(path).toString();
    }
}
