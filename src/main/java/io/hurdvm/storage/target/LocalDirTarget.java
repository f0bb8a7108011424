package io.hurdvm.storage.target;

import io.hurdvm.errors.ErrorText;
import io.hurdvm.storage.target.BackupTargetException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory as backup target. Each object is written to a hidden temp file, fsynced, then
 * renamed into place, so a crash leaves at most a {@code .partial} file that listing ignores.
 */
public final class LocalDirTarget implements BackupTarget {
    private static final int BUFFER = 1 << 20;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private final Path root;
    private final boolean createRoot;

    /** A directory that must exist. */
    public LocalDirTarget(Path root) {
        this(root, false);
    }

    private LocalDirTarget(Path root, boolean createRoot) {
        this.root = root.toAbsolutePath().normalize();
        this.createRoot = createRoot;
    }

    /**
     * A directory made (mode 0700, with missing parents) by the first write; until then it lists as
     * empty. Backups hold whole disks, root's password hash among them: only the owner may read them.
     */
    public static LocalDirTarget createdOnFirstWrite(Path root) {
        return new LocalDirTarget(root, true);
    }

    @Override
    public String uri() {
        return root.toUri().toString();
    }

    @Override
    public void put(String key, Path source, TransferListener listener) {
        Path dest = resolve(key);
        Path partial = dest.resolveSibling("." + dest.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            if (createRoot && !Files.isDirectory(root)) {
                Files.createDirectories(root, OWNER_ONLY);
            }
            Files.createDirectories(dest.getParent());
            long total = Files.size(source);
            try (InputStream in = Files.newInputStream(source);
                 FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                byte[] buf = new byte[BUFFER];
                long done = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    listener.transferred(key, done, total);
                }
                ch.force(true);
            }
            Files.move(partial, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw failure("cannot write " + key + " to " + root, e);
        }
    }

    @Override
    public void get(String key, Path destination, TransferListener listener) {
        Path src = resolve(key);
        try {
            long total = Files.size(src);
            try (InputStream in = Files.newInputStream(src); OutputStream out = Files.newOutputStream(destination)) {
                byte[] buf = new byte[BUFFER];
                long done = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    listener.transferred(key, done, total);
                }
            }
        } catch (IOException e) {
            throw failure("cannot read " + key + " from " + root, e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (IOException e) {
            throw failure("cannot read " + key + " from " + root, e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        if (!Files.isDirectory(root)) {
            if (createRoot) {
                return List.of(); // the default directory before its first backup
            }
            throw new BackupTargetException(Reason.NOT_FOUND, "backup directory " + root + " does not exist: create it first"
                    + " (only the default, $HURDVM_HOME/backups, is created on first use)");
        }
        List<StoredObject> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                String key = root.relativize(p).toString();
                if (key.startsWith(prefix) && !p.getFileName().toString().startsWith(".")) {
                    found.add(new StoredObject(key, Files.size(p)));
                }
            }
        } catch (IOException e) {
            throw failure("cannot list " + root, e);
        }
        return found;
    }

    /** Also removes our hidden partial files next to it and folders left empty. */
    @Override
    public void delete(String key) {
        Path p = resolve(key);
        try {
            Files.deleteIfExists(p);
            try (Stream<Path> siblings = Files.exists(p.getParent()) ? Files.list(p.getParent()) : Stream.empty()) {
                for (Path s : siblings.filter(s -> s.getFileName().toString().startsWith("." + p.getFileName() + ".partial-")).toList()) {
                    Files.deleteIfExists(s);
                }
            }
            for (Path dir = p.getParent(); !dir.equals(root) && isEmptyDir(dir); dir = dir.getParent()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw failure("cannot delete " + key + " from " + root, e);
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("object key escapes the backup directory: " + key);
        }
        return p;
    }

    private static BackupTargetException failure(String what, IOException e) {
        String msg = e.getMessage() == null ? ErrorText.of(e) : e.getMessage();
        if (msg.contains("No space left on device") || msg.contains("Disk quota exceeded")) {
            return new BackupTargetException(Reason.FULL, what + ": the target is full (" + msg + "); free space or prune old backups", e);
        }
        if (e instanceof AccessDeniedException) {
            return new BackupTargetException(Reason.DENIED, what + ": permission denied on " + msg, e);
        }
        if (e instanceof NoSuchFileException) {
            return new BackupTargetException(Reason.NOT_FOUND, what + ": " + msg + " does not exist", e);
        }
        return new BackupTargetException(Reason.OTHER, what + ": " + msg, e);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover hidden partial file is removed by the next delete of its key
        }
    }
}
