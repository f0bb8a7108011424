package io.hurdvm.guest.copy;

import io.hurdvm.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a tree that arrives from a guest (tar entries or SFTP listings) below one host directory,
 * treating every name as hostile: entries are lists of plain components below the top of the copy
 * (no {@code ..}, no '/', nothing absolute), and no path is ever followed through a symbolic link,
 * including links the same stream created a moment before. An entry that would leave the tree is
 * refused and the copy fails; nothing outside {@code parent/top} is written.
 *
 * <p>Files get exactly the permission bits sent (rwx only); directory permissions are applied at
 * the end, deepest first, so a read-only directory can still be filled.
 */
final class SafeTreeWriter {
    private final Path top;
    private final Set<Path> filesWritten = new HashSet<>();
    private final Deque<DirectoryMode> directoryModes = new ArrayDeque<>();

    private record DirectoryMode(Path path, int mode) {
    }

    /**
     * @param parent an existing host directory the user chose (trusted; it may be reached through links)
     * @param top    the copy's name in it, checked to be one plain component
     */
    SafeTreeWriter(Path parent, String top) {
        if (!CopyPlanner.isPlainName(top)) {
            throw CopyException.refused("refusing to create '" + CopyPlanner.printable(top) + "': not a plain file name");
        }
        this.top = parent.resolve(top);
    }

    /** The copy's top path on the host (for messages). */
    Path top() {
        return top;
    }

    void directory(List<String> below, int mode) {
        Path p = place(below);
        try {
            BasicFileAttributes existing = lstat(p);
            if (existing == null) {
                Files.createDirectory(p);
            } else if (!existing.isDirectory()) {
                throw new CopyException(ErrorKind.BAD_INPUT, "cannot overwrite non-directory " + p + " with a directory");
            }
            directoryModes.push(new DirectoryMode(p, mode & FileModes.PERMISSION_BITS));
        } catch (IOException e) {
            throw writeFailed(p, e);
        }
    }

    void file(List<String> below, int mode, InputStream content) {
        Path p = place(below);
        try {
            replaceNonDirectory(p);
            try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                content.transferTo(out);
            }
            setPermissions(p, mode);
            filesWritten.add(p);
        } catch (IOException e) {
            throw writeFailed(p, e);
        }
    }

    /** A symbolic link is copied as a link: its target is only text here and is never followed. */
    void symlink(List<String> below, String target) {
        Path p = place(below);
        Path linkTarget;
        try {
            linkTarget = Path.of(target);
        } catch (InvalidPathException e) {
            throw CopyException.refused("refusing symbolic link " + p + ": its target is not a valid path");
        }
        if (target.isEmpty()) {
            throw CopyException.refused("refusing symbolic link " + p + ": its target is empty");
        }
        try {
            replaceNonDirectory(p);
            Files.createSymbolicLink(p, linkTarget);
        } catch (IOException e) {
            throw writeFailed(p, e);
        }
    }

    /** A hard link may only point at a file this copy wrote (tar sends files with several names so). */
    void hardLink(List<String> below, List<String> existing) {
        Path p = place(below);
        Path original = place(existing);
        if (!filesWritten.contains(original)) {
            throw CopyException.refused("refusing hard link " + p + ": it does not point at a file of this copy");
        }
        try {
            replaceNonDirectory(p);
            Files.createLink(p, original);
        } catch (IOException e) {
            throw writeFailed(p, e);
        }
    }

    /** Applies the directories' permissions, deepest first. */
    void finish() {
        while (!directoryModes.isEmpty()) {
            DirectoryMode d = directoryModes.pop();
            try {
                setPermissions(d.path(), d.mode());
            } catch (IOException e) {
                throw writeFailed(d.path(), e);
            }
        }
    }

    /** The host path for components below the top; every directory on the way must be a real one. */
    private Path place(List<String> below) {
        Path p = top;
        for (String name : below) {
            if (!CopyPlanner.isPlainName(name)) {
                throw CopyException.refused("refusing '" + CopyPlanner.printable(String.join("/", below))
                        + "' from the guest: it is not a path below " + top);
            }
            requireRealDirectory(p, below);
            p = p.resolve(name);
        }
        return p;
    }

    private void requireRealDirectory(Path dir, List<String> below) {
        BasicFileAttributes attrs;
        try {
            attrs = lstat(dir);
        } catch (IOException e) {
            throw writeFailed(dir, e);
        }
        if (attrs == null || !attrs.isDirectory()) {
            String what = attrs != null && attrs.isSymbolicLink() ? "a symbolic link" : attrs == null ? "missing" : "not a directory";
            throw CopyException.refused("refusing '" + CopyPlanner.printable(String.join("/", below)) + "' from the guest: "
                    + dir + " is " + what + ", and nothing is written through it");
        }
    }

    /** A file, link or special file in the way is removed (never followed); a directory is not. */
    private static void replaceNonDirectory(Path p) throws IOException {
        BasicFileAttributes existing = lstat(p);
        if (existing == null) {
            return;
        }
        if (existing.isDirectory()) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot overwrite directory " + p + " with a non-directory");
        }
        Files.delete(p);
    }

    private static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static void setPermissions(Path p, int mode) throws IOException {
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(FileModes.toPermissions(mode & FileModes.PERMISSION_BITS));
    }

    private static CopyException writeFailed(Path p, IOException e) {
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : String.valueOf(e.getMessage());
        return CopyException.failed("cannot write " + p + ": " + why, e);
    }
}
