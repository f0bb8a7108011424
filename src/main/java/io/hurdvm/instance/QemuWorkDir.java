package io.hurdvm.instance;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;
import io.hurdvm.proc.PrivateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;

/**
 * The folder of an instance where QEMU opens files after its start ({@link InstancePaths#qemuWorkDir}).
 * When QEMU runs as an unprivileged user, the folder belongs to that user and the path to it can be
 * passed through; a file hurdvm makes there for QEMU is handed over to that user, and taken back after.
 */
public final class QemuWorkDir {
    private QemuWorkDir() {
    }

    /**
     * Creates the folder for a QEMU running as {@code user} (empty: as us). Every folder from HURDVM_HOME
     * down may then be passed through; {@code blocked} reports an ancestor outside HURDVM_HOME that the
     * user cannot pass (e.g. /root), where files QEMU opens later cannot be reached.
     */
    public static Optional<Path> prepare(Path home, InstancePaths paths, Optional<UserPrincipal> user) {
        Path work = paths.qemuWorkDir();
        try {
            Files.createDirectories(work, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (user.isEmpty()) {
                return Optional.empty();
            }
            Files.getFileAttributeView(work, PosixFileAttributeView.class).setOwner(user.get());
            for (Path p : List.of(home, paths.dir().getParent(), paths.dir())) {
                PrivateDirectory.allowPassThrough(p);
            }
            for (Path p = home.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare QEMU's work folder " + work + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where a Unix socket goes that QEMU binds or connects to after its start (a migration's): the work
     * folder, which the user QEMU runs as can reach. When that path is too long for a socket address,
     * the instance's socket folder, which only a QEMU running as ourselves can reach.
     */
    public static Path socket(InstancePaths paths, String name) {
        Path inWork = paths.qemuWorkDir().resolve(name);
        if (InstancePaths.socketPathFits(inWork)) {
            return inWork;
        }
        UserPrincipal qemu = ownerOf(paths.qemuWorkDir());
        if (!qemu.equals(ownerOf(paths.dir()))) {
            throw new HurdvmException(ErrorKind.FAILURE, "the path of " + inWork + " is too long for a socket (at most "
                    + InstancePaths.MAX_SOCKET_PATH + " bytes), and QEMU runs as " + qemu.getName() + ", who can reach no other"
                    + " folder of the instance: use a shorter HURDVM_HOME (e.g. /var/lib/hurdvm)");
        }
        return paths.socketDir().resolve(name);
    }

    /**
     * Gives {@code file} (made by us inside the work folder) to the folder's owner, so QEMU can open it;
     * fails at once, naming the folder, when that user cannot reach it (rather than QEMU failing later).
     */
    public static void handOver(Path file) {
        UserPrincipal qemu = ownerOf(file.getParent());
        requireReachable(file, qemu);
        setOwner(file, qemu);
    }

    /** Every folder above the work folder that {@code qemu} does not own must let others pass (o+x). */
    private static void requireReachable(Path file, UserPrincipal qemu) {
        Path work = file.toAbsolutePath().getParent();
        if (qemu.equals(ownerOf(work.getParent()))) {
            return; // QEMU runs as ourselves
        }
        for (Path p = work.getParent(); p != null; p = p.getParent()) {
            try {
                if (!ownerOf(p).equals(qemu) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new HurdvmException(ErrorKind.FAILURE, p + " cannot be passed through by " + qemu.getName()
                            + ", the user QEMU runs as, so QEMU cannot open " + file + ": keep HURDVM_HOME outside it"
                            + " (e.g. /var/lib/hurdvm), or chmod o+x " + p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the mode of " + p + ": " + e.getMessage(), e);
            }
        }
    }

    /** Takes {@code file} back from QEMU's user once QEMU is done with it. */
    public static void takeBack(Path file) {
        setOwner(file, ownerOf(file.getParent().getParent()));
    }

    private static UserPrincipal ownerOf(Path p) {
        try {
            return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + p + ": " + e.getMessage(), e);
        }
    }

    private static void setOwner(Path file, UserPrincipal owner) {
        try {
            if (!Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).equals(owner)) {
                Files.setOwner(file, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + file + " to " + owner.getName() + ": " + e.getMessage(), e);
        }
    }
}
