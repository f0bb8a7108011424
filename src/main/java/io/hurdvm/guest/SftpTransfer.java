package io.hurdvm.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;

/**
 * Recursive copies over SFTP. The target path becomes a copy of the source, like {@code cp -r SRC DST}
 * when DST does not exist yet: files keep their content and permission bits, folders are recreated,
 * symbolic links are copied as links.
 */
final class SftpTransfer {
    private static final PosixFilePermission[] BITS_ORDER = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private final SftpClient sftp;

    SftpTransfer(SftpClient sftp) {
        this.sftp = sftp;
    }

    void upload(Path source, String target) throws IOException {
        if (Files.isSymbolicLink(source)) {
            sftp.symLink(target, Files.readSymbolicLink(source).toString());
        } else if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            if (!remoteDirectoryExists(target)) {
                sftp.mkdir(target);
            }
            try (Stream<Path> children = Files.list(source)) {
                for (Path child : children.sorted().toList()) {
                    upload(child, target + "/" + child.getFileName());
                }
            }
            sftp.setStat(target, new SftpClient.Attributes().perms(mode(source)));
        } else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(source); OutputStream out = sftp.write(target)) {
                in.transferTo(out);
            }
            sftp.setStat(target, new SftpClient.Attributes().perms(mode(source)));
        } else {
            throw new IOException(source + " is neither a file, a folder nor a symbolic link; it cannot be copied");
        }
    }

    void download(String source, Path target) throws IOException {
        SftpClient.Attributes attrs = sftp.lstat(source);
        if (attrs.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(sftp.readLink(source)));
        } else if (attrs.isDirectory()) {
            Files.createDirectories(target);
            List<String> names = new ArrayList<>();
            for (SftpClient.DirEntry e : sftp.readDir(source)) {
                if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                    names.add(e.getFilename());
                }
            }
            for (String name : names) {
                download(source + "/" + name, target.resolve(name));
            }
            Files.setPosixFilePermissions(target, permissions(attrs.getPermissions()));
        } else if (attrs.isRegularFile()) {
            try (InputStream in = sftp.read(source); OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
            Files.setPosixFilePermissions(target, permissions(attrs.getPermissions()));
        } else {
            throw new IOException(source + " in the guest is neither a file, a folder nor a symbolic link; it cannot be copied");
        }
    }

    private boolean remoteDirectoryExists(String path) {
        try {
            return sftp.stat(path).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private static int mode(Path local) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(local, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (int bit = 0; bit < BITS_ORDER.length; bit++) {
            if (perms.contains(BITS_ORDER[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS_ORDER.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(BITS_ORDER[bit]);
            }
        }
        return perms;
    }
}
