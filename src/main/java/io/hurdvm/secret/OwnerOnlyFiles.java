package io.hurdvm.secret;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: folders 0700, files 0600. Files are born with those
 * permissions (never chmod-ed after the content is written, which would leave a window) and appear
 * atomically under their final name, so a reader never sees half a key.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates {@code dir} (and parents) if missing and makes sure it is 0700. */
    public static void ensureDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first; the permissions are fixed below
                }
            }
            Files.setPosixFilePermissions(dir, DIR_MODE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create private folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code file} for writing from the start, created 0600 (an existing file is truncated and
     * made 0600 before anything is written), for large files that are streamed rather than held whole.
     */
    public static OutputStream newOutputStream(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            Files.setPosixFilePermissions(file, FILE_MODE);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return Channels.newOutputStream(ch);
    }

    /** Writes {@code content} to {@code file} (0600), replacing any previous version atomically. */
    public static void writeAtomically(Path file, byte[] content) {
        Path tmp = writeTemp(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code file} (0600) with {@code content} only if it does not exist yet.
     *
     * @return false if the file already existed (e.g. another process won the race); it is left alone
     */
    public static boolean createExclusively(Path file, byte[] content) {
        Path tmp = writeTemp(file, content);
        try {
            // A hard link fails if the name exists: an atomic create-if-absent, unlike rename().
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static Path writeTemp(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE_MODE);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", mode);
            Files.write(tmp, content);
            return tmp;
        } catch (IOException e) {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a stray temp file is harmless; the real file is what matters
        }
    }
}
