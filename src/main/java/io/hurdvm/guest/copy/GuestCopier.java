package io.hurdvm.guest.copy;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.SftpUnavailableException;
import io.hurdvm.guest.copy.CopyPlanner.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * {@code hurdvm cp}: copies a file or tree between the host and a guest with {@code cp -r}
 * semantics, over SFTP when the guest offers it and otherwise through tar in an exec channel.
 * Both transports get the same plan (see {@link CopyPlanner}), so the results are the same.
 */
public final class GuestCopier {
    private final GuestSsh ssh;

    public GuestCopier(GuestSsh ssh) {
        this.ssh = ssh;
    }

    /** Host {@code source} → guest {@code target} (a path in the guest, as typed after NAME:). */
    public void upload(Path source, String target) {
        PathKind kind = local(source).kind();
        if (kind == PathKind.MISSING) {
            throw new CopyException(ErrorKind.NOT_FOUND, "no such file or directory: " + source);
        }
        if (kind == PathKind.OTHER) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot copy " + source + ": it is neither a file, a directory nor a symbolic link");
        }
        String name = CopyPlanner.sourceName(source.toAbsolutePath().normalize().toString(), source.toString());
        String dst = GuestPaths.strip(target);
        try (RemoteFiles guest = open()) {
            List<PathFacts> facts = guest.stat(List.of(dst, GuestPaths.join(dst, name), GuestPaths.parent(dst)));
            Placement placement = CopyPlanner.placement(kind, remote(target), target.endsWith("/"), facts.get(0),
                    remote(GuestPaths.parent(dst)), facts.get(2));
            String parent = placement == Placement.INSIDE ? dst : GuestPaths.parent(dst);
            String finalName = placement == Placement.INSIDE ? name : GuestPaths.name(dst);
            PathFacts existing = placement == Placement.INSIDE ? facts.get(1) : facts.get(0);
            CopyPlanner.checkOverwrite(kind, remote(GuestPaths.join(parent, finalName)), existing);
            if (!CopyPlanner.isPlainName(finalName)) {
                throw new CopyException(ErrorKind.BAD_INPUT, "cannot copy to " + remote(dst) + ": name a file or directory, not '" + finalName + "'");
            }
            guest.upload(source, parent, finalName);
        }
    }

    /**
     * Guest folder {@code target} (absolute) becomes a copy of host folder {@code source}'s content,
     * replacing whatever was there, in one tar command: no SFTP probe and no look first, for
     * {@code hurdvm run --sync}, whose fresh clone has nothing there that matters. Debian (and so
     * Debian GNU/Hurd) always has tar: it is an essential package.
     */
    public void replaceTree(Path source, String target) {
        if (local(source).kind() != PathKind.DIRECTORY) {
            throw new CopyException(ErrorKind.BAD_INPUT, source + " is not a folder");
        }
        String dst = GuestPaths.strip(target);
        if (!dst.startsWith("/") || !CopyPlanner.isPlainName(GuestPaths.name(dst))) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot replace guest folder '" + CopyPlanner.printable(dst)
                    + "': name a folder below the root with an absolute path, e.g. /root/work");
        }
        new TarFiles(ssh, "not tried").replace(source, GuestPaths.parent(dst), GuestPaths.name(dst));
    }

    /** Guest {@code source} (as typed after NAME:) → host {@code target} as typed (a trailing '/' demands a directory). */
    public void download(String source, String target) {
        download(source, Path.of(target), target.endsWith("/"));
    }

    /** Guest {@code source} (as typed after NAME:) → host {@code target}. */
    public void download(String source, Path target) {
        download(source, target, false);
    }

    private void download(String source, Path target, boolean trailingSlash) {
        String src = GuestPaths.strip(source);
        try (RemoteFiles guest = open()) {
            PathFacts facts = guest.stat(List.of(src)).get(0);
            if (!facts.exists()) {
                throw new CopyException(ErrorKind.NOT_FOUND, "no such file or directory in the guest: " + remote(src));
            }
            if (facts.kind() == PathKind.OTHER) {
                throw new CopyException(ErrorKind.BAD_INPUT, "cannot copy " + remote(src) + ": it is neither a file, a directory nor a symbolic link");
            }
            // A directory is named by its canonical path, so that "." and ".." get a real name.
            String full = facts.kind() == PathKind.DIRECTORY && facts.canonical() != null ? facts.canonical() : src;
            String name = CopyPlanner.sourceName(full, remote(src));

            Path dst = target.toAbsolutePath().normalize();
            Path dstParent = dst.getParent() != null ? dst.getParent() : dst;
            Placement placement = CopyPlanner.placement(facts.kind(), target + (trailingSlash ? "/" : ""), trailingSlash,
                    local(dst), dstParent.toString(), local(dstParent));
            Path parent = placement == Placement.INSIDE ? dst : dstParent;
            String finalName = placement == Placement.INSIDE ? name : dst.getFileName().toString();
            CopyPlanner.checkOverwrite(facts.kind(), parent.resolve(finalName).toString(), local(parent.resolve(finalName)));
            SafeTreeWriter sink = new SafeTreeWriter(parent, finalName);
            guest.download(GuestPaths.parent(full), name, sink);
            sink.finish();
        }
    }

    /** SFTP when the guest offers it; otherwise tar, remembering why for a later error. */
    private RemoteFiles open() {
        try {
            return new SftpFiles(ssh.openSftp());
        } catch (SftpUnavailableException e) {
            return new TarFiles(ssh, "no SFTP server (" + CopyPlanner.printable(e.getMessage()) + ")");
        }
    }

    private String remote(String path) {
        return ssh.instanceName() + ":" + path;
    }

    /** Host path facts; the user's own paths, so links are followed for "is a directory". */
    private static PathFacts local(Path p) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return PathFacts.MISSING;
        }
        PathKind kind = attrs.isSymbolicLink() ? PathKind.SYMLINK : attrs.isDirectory() ? PathKind.DIRECTORY
                : attrs.isRegularFile() ? PathKind.FILE : PathKind.OTHER;
        return new PathFacts(kind, Files.isDirectory(p), null);
    }
}
