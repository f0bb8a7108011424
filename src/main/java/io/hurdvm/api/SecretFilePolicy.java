package io.hurdvm.api;

import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.secret.SecretFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who may read the secret files the daemon trusts (the API token, the TLS key). Whoever can read the
 * token is the daemon's user; whoever can change it chooses the token. So the daemon accepts a
 * secret file only if it belongs to the daemon's user and nobody else may read or write it (0600,
 * 0400), with one exception: a secret a container runtime mounted under {@code /run/secrets}.
 * Runtimes create those root-owned and readable by the container (Swarm 0444 by default,
 * Kubernetes 0440 with the pod's fsGroup), and cannot always give them to the container's user;
 * they live in the container's own mount namespace, where only the container's processes see them.
 * The exception therefore needs a file owned by root, writable by root only, below
 * {@code /run/secrets}, on a mount of its own (the file itself or a folder up to /run/secrets is a
 * mount point): a plain folder {@code /run/secrets} made on a host gets the normal rule.
 *
 * @param ownUid              the uid the daemon runs as
 * @param containerSecretsDir {@code /run/secrets} (tests use another folder)
 * @param isMountPoint        whether a path is a mount point (from {@code /proc/self/mountinfo})
 */
record SecretFilePolicy(int ownUid, Path containerSecretsDir, Predicate<Path> isMountPoint) {
    static final Path CONTAINER_SECRETS = Path.of("/run/secrets");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    static SecretFilePolicy system() {
        return new SecretFilePolicy(PrivateDirectory.currentUid(), CONTAINER_SECRETS, SecretFilePolicy::mountedHere);
    }

    /** For the daemon: private to its user, or a container runtime's secret. */
    void requirePrivate(Path file, String what) {
        PosixFileAttributes attrs = attributes(file, what);
        int owner = owner(file, what);
        boolean othersMayAccess = attrs.permissions().stream().anyMatch(OTHERS::contains);
        if (!othersMayAccess && owner == ownUid) {
            return;
        }
        if (isContainerSecret(file, attrs, owner)) {
            return;
        }
        if (othersMayAccess) {
            throw new SecretFileException(what + " " + file + " may be read or changed by other users (mode " + mode(attrs)
                    + "): run 'chmod 600 " + file + "'");
        }
        throw new SecretFileException(what + " " + file + " belongs to uid " + owner + ", not to uid " + ownUid
                + " that runs hurdvm: run 'chown " + ownUid + " " + file + "' (mode 600)");
    }

    /**
     * For clients: nobody but its owner may read it. The owner may be another user (the operator
     * reads the file given to a container's user), so only the mode is checked.
     */
    void requireUnreadableByOthers(Path file, String what) {
        PosixFileAttributes attrs = attributes(file, what);
        if (attrs.permissions().stream().anyMatch(OTHERS::contains) && !isContainerSecret(file, attrs, owner(file, what))) {
            throw new SecretFileException(what + " " + file + " may be read or changed by other users (mode " + mode(attrs)
                    + "): run 'chmod 600 " + file + "'");
        }
    }

    private boolean isContainerSecret(Path file, PosixFileAttributes attrs, int owner) {
        if (owner != 0 || attrs.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            return false;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return false;
        }
        if (!real.startsWith(containerSecretsDir) || real.equals(containerSecretsDir)) {
            return false;
        }
        for (Path p = real; p != null && p.startsWith(containerSecretsDir); p = p.getParent()) {
            if (isMountPoint.test(p)) {
                return true;
            }
        }
        return false;
    }

    private static PosixFileAttributes attributes(Path file, String what) {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class); // follows links: Kubernetes' secrets are links
        } catch (IOException e) {
            throw new SecretFileException(what + " " + file + " cannot be inspected (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static int owner(Path file, String what) {
        try {
            return (Integer) Files.getAttribute(file, "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new SecretFileException(what + " " + file + " cannot be inspected (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String mode(PosixFileAttributes attrs) {
        int m = 0;
        for (PosixFilePermission p : attrs.permissions()) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o, %s", m, PosixFilePermissions.toString(attrs.permissions()));
    }

    /** Mount points of this process's mount namespace; field 5 of each mountinfo line, octal-escaped. */
    static boolean mountedHere(Path p) {
        return mountPoints(Path.of("/proc/self/mountinfo")).contains(p.toString());
    }

    static Set<String> mountPoints(Path mountinfo) {
        Set<String> points = new HashSet<>();
        try {
            for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    points.add(unescape(f[4]));
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        return points;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
