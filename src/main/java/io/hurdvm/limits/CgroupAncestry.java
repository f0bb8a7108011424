package io.hurdvm.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A process's cgroup directory and its ancestors up to the mount point. Limits are hierarchical: a
 * parent's {@code memory.max} caps every child, so the limit in force is the smallest one on this path.
 * Ancestors above the mount point (hidden by a cgroup namespace) cannot be read from here.
 *
 * @param fs         where the kernel filesystems are found
 * @param mountPoint the hierarchy's mount point as the kernel names it
 * @param leaf       the process's own cgroup directory as the kernel names it (at or below the mount point)
 */
record CgroupAncestry(FsRoot fs, String mountPoint, String leaf) {

    CgroupAncestry {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(leaf, "leaf");
        if (!leaf.equals(mountPoint) && !leaf.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/")) {
            throw new IllegalArgumentException("cgroup " + leaf + " is not below its mount point " + mountPoint);
        }
    }

    /** The process's own cgroup first, the mount point last. */
    List<Path> leafToTop() {
        Path top = fs.resolve(mountPoint);
        List<Path> dirs = new ArrayList<>();
        for (Path dir = fs.resolve(leaf); dir != null && dir.startsWith(top); dir = dir.getParent()) {
            dirs.add(dir);
        }
        return List.copyOf(dirs);
    }

    /** Reads every level from the leaf up and keeps the smallest limit found: the one in force. */
    <T> Optional<T> smallestOnPath(Function<Path, Optional<T>> limitAt, Comparator<T> order) {
        return leafToTop().stream().map(limitAt).flatMap(Optional::stream).min(order);
    }

    Path leafDirectory() {
        return fs.resolve(leaf);
    }

    /** The first line of a control file, trimmed; empty when the file does not exist or cannot be read. */
    Optional<String> firstLine(Path dir, String file) {
        return lines(dir, file).stream().findFirst().map(String::trim);
    }

    /** All lines of a control file; empty when the file does not exist or cannot be read. */
    List<String> lines(Path dir, String file) {
        Path path = dir.resolve(file);
        try {
            return Files.isRegularFile(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            // Unreadable (permissions, controller vanished while reading): this level imposes nothing we can see.
            return List.of();
        }
    }

    /** How the kernel names a control file, for reports. */
    String kernelName(Path dir, String file) {
        return fs.kernelName(dir.resolve(file));
    }

    static long parseLong(String text, String origin, String expected) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new LimitsUnreadableException("cannot parse " + origin + ": '" + text + "' is not " + expected);
        }
    }
}
