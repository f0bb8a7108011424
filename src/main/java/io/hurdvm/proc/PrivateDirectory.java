package io.hurdvm.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A folder only this user may enter (0700, owned by us, not a symbolic link): HURDVM_HOME and the
 * runtime folders that hold sockets. In a shared place such as /tmp another user may have created the
 * folder first to receive our sockets; such a folder is refused, never used.
 */
public final class PrivateDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** Others may pass through, never list or read: how an unprivileged QEMU reaches its work folder. */
    private static final Set<PosixFilePermission> PASS_THROUGH = PosixFilePermissions.fromString("rwx--x--x");

    private PrivateDirectory() {
    }

    /** The uid this process runs as (the owner of its /proc entry). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self/"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uid of this process from /proc/self: " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code dir} atomically as 0700, or checks the existing one: a symbolic link, another
     * owner or any group/other permission is refused with a message naming the fix.
     */
    public static Path ensureInSharedPlace(Path dir) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException exists) {
            // checked below: it may be someone else's
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create private folder " + dir + ": " + e.getMessage(), e);
        }
        PosixFileAttributes attrs = attributes(dir);
        if (attrs.isSymbolicLink() || !attrs.isDirectory()) {
            throw new UnsafeDirectoryException(dir + " is not a folder of ours (" + (attrs.isSymbolicLink() ? "a symbolic link" : "not a folder")
                    + "): someone else may be trying to intercept hurdvm's sockets; remove it, or set HURDVM_RUNTIME_DIR to a folder of your own");
        }
        int owner = ownerUid(dir, LinkOption.NOFOLLOW_LINKS);
        if (owner != currentUid()) {
            throw new UnsafeDirectoryException(dir + " belongs to uid " + owner + ", not to us (uid " + currentUid()
                    + "): someone else may be trying to intercept hurdvm's sockets; remove it, or set HURDVM_RUNTIME_DIR to a folder of your own");
        }
        if (!attrs.permissions().equals(OWNER_ONLY)) {
            throw new UnsafeDirectoryException(dir + " has mode " + PosixFilePermissions.toString(attrs.permissions())
                    + ", not rwx------: others could replace hurdvm's sockets in it; remove it, or chmod 700 it");
        }
        return dir;
    }

    /**
     * Creates {@code dir} (and its parents) or tightens an existing one of ours to 0700: for places the
     * user chose (HURDVM_HOME), where a too open mode is our own default from earlier versions. A
     * folder that others may only pass through (0711, see {@link #allowPassThrough}) stays so.
     */
    public static Path ensureOwned(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first; checked below
                }
            }
            int owner = ownerUid(dir);
            if (owner != currentUid()) {
                throw new UnsafeDirectoryException(dir + " belongs to uid " + owner + ", not to us (uid " + currentUid()
                        + "): hurdvm keeps secrets there; use a folder of your own (HURDVM_HOME)");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if (!mode.equals(OWNER_ONLY) && !mode.equals(PASS_THROUGH)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare private folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lets other users pass through our folder {@code dir} (0711: no listing, no reading): the path to
     * the work folder of a QEMU that runs as an unprivileged user, which it must open files in.
     */
    public static void allowPassThrough(Path dir) {
        try {
            if (ownerUid(dir) == currentUid()) {
                Files.setPosixFilePermissions(dir, PASS_THROUGH);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir + " for passing through: " + e.getMessage(), e);
        }
    }

    private static PosixFileAttributes attributes(Path dir) {
        try {
            return Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int ownerUid(Path dir, LinkOption... options) {
        try {
            return (Integer) Files.getAttribute(dir, "unix:uid", options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + dir + ": " + e.getMessage(), e);
        }
    }
}
