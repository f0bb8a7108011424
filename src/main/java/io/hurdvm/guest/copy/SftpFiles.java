package io.hurdvm.guest.copy;

import io.hurdvm.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Copies over SFTP. Folders are recreated, files keep content and permission bits, symbolic links
 * are copied as links. Names in the guest's directory listings pass through {@link SafeTreeWriter}.
 */
final class SftpFiles implements RemoteFiles {
    private final SftpClient sftp;

    SftpFiles(SftpClient sftp) {
        this.sftp = sftp;
    }

    @Override
    public List<PathFacts> stat(List<String> paths) {
        List<PathFacts> facts = new ArrayList<>();
        for (String path : paths) {
            facts.add(stat(path));
        }
        return facts;
    }

    private PathFacts stat(String path) {
        try {
            SftpClient.Attributes attrs = sftp.lstat(path);
            PathKind kind = attrs.isSymbolicLink() ? PathKind.SYMLINK : attrs.isDirectory() ? PathKind.DIRECTORY
                    : attrs.isRegularFile() ? PathKind.FILE : PathKind.OTHER;
            boolean isDirectory = kind == PathKind.DIRECTORY || (kind == PathKind.SYMLINK && followsToDirectory(path));
            return new PathFacts(kind, isDirectory, kind == PathKind.DIRECTORY ? sftp.canonicalPath(path) : null);
        } catch (IOException e) {
            if (isMissing(e)) {
                return PathFacts.MISSING;
            }
            throw CopyException.failed("cannot look at " + path + " in the guest over SFTP: " + e.getMessage(), e);
        }
    }

    private boolean followsToDirectory(String path) {
        try {
            return sftp.stat(path).isDirectory();
        } catch (IOException e) {
            return false; // a dangling link
        }
    }

    private static boolean isMissing(IOException e) {
        return e instanceof SftpException se && (se.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                || se.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH);
    }

    @Override
    public void upload(Path source, String parent, String name) {
        try {
            upload(source, GuestPaths.join(parent, name));
        } catch (IOException e) {
            throw CopyException.failed("SFTP copy to the guest failed: " + e.getMessage(), e);
        }
    }

    private void upload(Path source, String target) throws IOException {
        if (Files.isSymbolicLink(source)) {
            sftp.symLink(target, Files.readSymbolicLink(source).toString());
        } else if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            if (!stat(target).exists()) {
                sftp.mkdir(target);
            }
            try (Stream<Path> children = Files.list(source)) {
                for (Path child : children.sorted().toList()) {
                    upload(child, target + "/" + child.getFileName());
                }
            }
            sftp.setStat(target, new SftpClient.Attributes().perms(FileModes.of(source)));
        } else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(source); OutputStream out = sftp.write(target)) {
                in.transferTo(out);
            }
            sftp.setStat(target, new SftpClient.Attributes().perms(FileModes.of(source)));
        } else {
            throw new CopyException(ErrorKind.BAD_INPUT,
                    "cannot copy " + source + ": it is neither a file, a directory nor a symbolic link");
        }
    }

    @Override
    public void download(String parent, String name, SafeTreeWriter sink) {
        try {
            download(GuestPaths.join(parent, name), List.of(), sink);
        } catch (IOException e) {
            throw CopyException.failed("SFTP copy from the guest failed: " + e.getMessage(), e);
        }
    }

    private void download(String source, List<String> below, SafeTreeWriter sink) throws IOException {
        SftpClient.Attributes attrs = sftp.lstat(source);
        if (attrs.isSymbolicLink()) {
            sink.symlink(below, sftp.readLink(source));
        } else if (attrs.isDirectory()) {
            sink.directory(below, attrs.getPermissions());
            List<String> names = new ArrayList<>();
            for (SftpClient.DirEntry e : sftp.readDir(source)) {
                if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                    names.add(e.getFilename()); // checked by the sink: a '/' or NUL in a name is refused
                }
            }
            for (String child : names) {
                List<String> next = new ArrayList<>(below);
                next.add(child);
                download(GuestPaths.join(source, child), next, sink);
            }
        } else if (attrs.isRegularFile()) {
            try (InputStream in = sftp.read(source)) {
                sink.file(below, attrs.getPermissions(), in);
            }
        } else {
            throw CopyException.refused("cannot copy " + source + " from the guest: it is neither a file, a directory nor a symbolic link");
        }
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException e) {
            // the copy is complete or has already failed; a failed close adds nothing
        }
    }
}
