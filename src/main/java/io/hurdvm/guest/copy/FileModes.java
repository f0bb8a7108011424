package io.hurdvm.guest.copy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Permission bits (rwxrwxrwx) as numbers, the way tar and SFTP carry them. Only these nine bits are
 * copied: set-user-ID and friends from a guest must never appear on the host, where hurdvm often
 * runs as root.
 */
final class FileModes {
    static final int PERMISSION_BITS = 0777;
    private static final PosixFilePermission[] BY_BIT = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private FileModes() {
    }

    static int of(Path local) throws IOException {
        return toMode(Files.getPosixFilePermissions(local, LinkOption.NOFOLLOW_LINKS));
    }

    static int toMode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if (perms.contains(BY_BIT[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    static Set<PosixFilePermission> toPermissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(BY_BIT[bit]);
            }
        }
        return perms;
    }
}
