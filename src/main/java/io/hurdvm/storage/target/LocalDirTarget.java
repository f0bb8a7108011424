package io.hurdvm.storage.target;

import io.hurdvm.errors.ErrorText;
import io.hurdvm.storage.target.BackupTargetException.Reason;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory as backup target. Each object is written to a hidden temp file
 * ({@code .NAME.partial-PID}), locked while it is written, fsynced, then renamed into place, so a
 * crash leaves at most a partial file that listing ignores and the next backup or prune removes once
 * no process holds its lock. Everything written is owner-only: folders 0700, files 0600 (a backup is
 * the whole guest disk, host keys and shadow file included).
 */
public final class LocalDirTarget implements BackupTarget {
    private static final int BUFFER = 1 << 20;
    private static final Pattern PARTIAL = Pattern.compile("\\..+\\.partial-\\d+");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
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
        long total;
        try {
            total = Files.size(source);
        } catch (IOException e) {
            throw failure("cannot read " + source + " to store it as " + key, e);
        }
        writeInPlace(key, total, out -> {
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(out);
            }
        }, listener);
    }

    /** Streams straight into the hidden partial file: no local copy first ({@code scratch} is not used). */
    @Override
    public void write(String key, long size, ObjectWriter producer, Path scratch, TransferListener listener) {
        writeInPlace(key, size, producer, listener);
    }

    private void writeInPlace(String key, long total, ObjectWriter producer, TransferListener listener) {
        Path dest = resolve(key);
        Path partial = dest.resolveSibling("." + dest.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            // Also makes a missing root (created-on-first-write or not) 0700.
            ownerOnlyDirectories(dest.getParent());
            try (FileChannel ch = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                         StandardOpenOption.WRITE), FILE_MODE);
                 FileLock writing = ch.lock()) {
                // A leftover of an earlier run with the same pid keeps its old mode: the creation mode only applies to new files.
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                EarlyWriteback writeback = new EarlyWriteback(ch);
                OutputStream out = new BufferedOutputStream(new ProgressOutputStream(Channels.newOutputStream(ch), key, total,
                        (k, done, t) -> {
                            writeback.wrote(done);
                            listener.transferred(k, done, t);
                        }), BUFFER);
                producer.writeTo(out);
                out.flush();
                writeback.finish();
                ch.force(true);
                // Renamed while still locked: an unlocked partial file always means a dead writer.
                Files.move(partial, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            if (e instanceof IOException io) {
                throw failure("cannot write " + key + " to " + root, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Tells the listener the bytes written so far. */
    private static final class ProgressOutputStream extends FilterOutputStream {
        private final String key;
        private final long total;
        private final TransferListener listener;
        private long done;

        ProgressOutputStream(OutputStream out, String key, long total, TransferListener listener) {
            super(out);
            this.key = key;
            this.total = total;
            this.listener = listener;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            done += len;
            listener.transferred(key, done, total);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    /**
     * Creates the folders from the root down to {@code dir} 0700, and makes existing ones below the
     * root 0700. A folder someone else owns (a shared target) is left as it is rather than failing the backup.
     */
    private void ownerOnlyDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            if (!Files.isSymbolicLink(d) && !Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS).equals(DIR_MODE)) {
                try {
                    Files.setPosixFilePermissions(d, DIR_MODE);
                } catch (AccessDeniedException notOurs) {
                    // not ours to change; the files we write into it are 0600 all the same
                }
            }
        }
    }

    @Override
    public void get(String key, Path destination, TransferListener listener) {
        Path src = resolve(key);
        try {
            long total = Files.size(src);
            try (InputStream in = Files.newInputStream(src);
                 OutputStream out = Channels.newOutputStream(FileChannel.open(destination, Set.of(StandardOpenOption.CREATE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), FILE_MODE))) {
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
            removeEmptyFolders(p.getParent());
        } catch (IOException e) {
            throw failure("cannot delete " + key + " from " + root, e);
        }
    }

    /**
     * Deletes {@code .NAME.partial-PID} files under {@code prefix} whose lock nobody holds: the process
     * that wrote it was killed (a lock dies with its process), so no upload is still going on.
     */
    @Override
    public int removeAbandonedUploads(String prefix) {
        Path base = resolve(prefix);
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                    && PARTIAL.matcher(f.getFileName().toString()).matches()).toList()) {
                if (deleteIfUnlocked(p)) {
                    removed++;
                    removeEmptyFolders(p.getParent());
                }
            }
        } catch (IOException e) {
            throw failure("cannot clean up interrupted uploads in " + base, e);
        }
        return removed;
    }

    private static boolean deleteIfUnlocked(Path partial) throws IOException {
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // this JVM is writing it
            }
            if (lock == null) {
                return false; // another live process is writing it
            }
            try (lock) {
                Files.deleteIfExists(partial);
                return true;
            }
        } catch (NoSuchFileException e) {
            return false; // renamed into place or removed meanwhile
        }
    }

    private void removeEmptyFolders(Path from) throws IOException {
        for (Path dir = from; dir != null && dir.startsWith(root) && !dir.equals(root) && isEmptyDir(dir); dir = dir.getParent()) {
            Files.delete(dir);
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
            // a leftover hidden partial file is removed by the next backup or prune
        }
    }
}
