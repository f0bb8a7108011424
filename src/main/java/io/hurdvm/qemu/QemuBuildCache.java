package io.hurdvm.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * {@link QemuBuild#probe} remembered per binary file: starting {@code qemu-system-x86_64 --version}
 * costs 0.1-0.35 s (it loads all of QEMU's libraries), a visible part of a warm clone's start. The
 * answer is kept next to the accel probe, keyed by the binary's resolved path, inode, size, mtime and
 * ctime: an upgraded or replaced binary is asked again. Only an early check: the supervisor compares
 * the running QEMU's own QMP answer with the template's before it restores anything.
 */
public final class QemuBuildCache {
    /** Its file in HURDVM_HOME, next to the accel probe's. */
    public static final String FILE_NAME = "qemu-build.cache";
    private final Path file;
    private final String searchPath;

    /** @param searchPath the PATH the binary is looked up on, as the command runner's shell does */
    public QemuBuildCache(Path file, String searchPath) {
        this.file = file;
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    public QemuBuild probe(CommandRunner runner, String binary) {
        Optional<String> key = identity(binary, searchPath);
        if (key.isPresent()) {
            Optional<QemuBuild> known = read(key.get());
            if (known.isPresent()) {
                return known.get();
            }
        }
        QemuBuild build = QemuBuild.probe(runner, binary);
        key.ifPresent(k -> write(k, build));
        return build;
    }

    private Optional<QemuBuild> read(String key) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 4096) {
                return Optional.empty();
            }
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
            return lines.length >= 2 && lines[0].equals(key) && !lines[1].isBlank()
                    ? Optional.of(new QemuBuild(lines[1])) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void write(String key, QemuBuild build) {
        try {
            // createTempFile makes it 0600, as everything hurdvm keeps in its home (PrivateFilesIT).
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, key + "\n" + build.text() + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // only a shortcut: the next clone asks the binary again
        }
    }

    /** The binary as the shell's PATH search finds it, and what changes when it is replaced. */
    static Optional<String> identity(String binary, String searchPath) {
        Optional<Path> found = binary.contains("/") ? Optional.of(Path.of(binary)) : onPath(binary, searchPath);
        return found.flatMap(p -> {
            try {
                Path real = p.toRealPath();
                BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                Object ino = Files.getAttribute(real, "unix:ino");
                Object ctime = Files.getAttribute(real, "unix:ctime");
                return Optional.of(real + " " + ino + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + ctime);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Path> onPath(String name, String path) {
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
