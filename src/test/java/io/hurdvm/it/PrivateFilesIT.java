package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.proc.PrivateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What hurdvm leaves on the host for other local users: nothing they can read in HURDVM_HOME, no
 * credential in the environment or argv of its children, no socket folder in /tmp that someone else
 * prepared. Runs against the real CLI, supervisor and QEMU.
 */
class PrivateFilesIT {
    private static final String AWS_SECRET = "AKIAsecret-" + Long.toHexString(System.nanoTime());
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws IOException {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws IOException {
        hv.close();
    }

    @Test
    void everyFileAndFolderHurdvmWrites_isOwnerOnly_andNoChildInheritsCredentials() throws Exception {
        // An old home made with the default umask: hurdvm tightens it.
        Files.setPosixFilePermissions(hv.home(), PosixFilePermissions.fromString("rwxr-xr-x"));
        hv.env("AWS_SECRET_ACCESS_KEY", AWS_SECRET).env("HURDVM_TOKEN", AWS_SECRET);
        var up = hv.run(Duration.ofMinutes(4), "up", "vm", "--image", TestGuests.linuxGuest().toString(), "--memory", "512",
                "--timeout", "200s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(hv.run("snapshot", "create", "vm", "s1").exitCode()).isZero();
        assertThat(hv.run("logs", "vm").exitCode()).isZero();
        InstanceState s = hv.state("vm");

        assertThat(openToOthers(hv.home())).as("files and folders others may read or enter, while running").isEmpty();
        if (PrivateDirectory.currentUid() == 0) {
            // hurdvm runs as root here: QEMU must not (it parses guest-controlled device traffic all day).
            assertThat(procText(s.qemuPid(), "status")).containsPattern("(?m)^Uid:\\s+(\\d+)\\s+\\1\\s+\\1\\s+\\1$")
                    .doesNotContainPattern("(?m)^Uid:\\s+0\\s");
            assertThat(hv.run("backup", "create", "vm").exitCode()).as("QEMU, now unprivileged, still writes online backups").isZero();
        }
        for (long pid : List.of(s.supervisorPid(), s.qemuPid())) {
            assertThat(procText(pid, "environ")).as("environment of pid " + pid).doesNotContain(AWS_SECRET);
            assertThat(procText(pid, "cmdline")).as("argv of pid " + pid).doesNotContain(AWS_SECRET);
        }

        assertThat(hv.run("down", "vm").exitCode()).isZero();
        assertThat(openToOthers(hv.home())).as("files and folders others may read or enter, after the stop").isEmpty();
    }

    @Test
    void socketFolderInTmpPreparedByAnotherUser_isRefused_beforeAnythingIsCreated() throws Exception {
        assumeTrue(PrivateDirectory.currentUid() == 0, "needs root to hand a folder to another user");
        // A home so deep that sockets do not fit and fall back to the runtime folder.
        Path deep = Files.createDirectories(hv.home().resolve("x".repeat(60)).resolve("y".repeat(40)));
        Path hijacked = Files.createDirectory(hv.home().resolve("rt"));
        Files.setPosixFilePermissions(hijacked, PosixFilePermissions.fromString("rwx------"));
        Files.setOwner(hijacked, hijacked.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        hv.env("HURDVM_HOME", deep.toString()).env("HURDVM_RUNTIME_DIR", hijacked.toString());

        var up = hv.run("up", "vm", "--image", TestGuests.linuxGuest().toString(), "--memory", "512", "--wait", "none");
        assertThat(up.exitCode()).as(up.all()).isNotZero();
        assertThat(up.stderr().strip()).as("one line, the first thing said").contains("belongs to uid 65534").doesNotContain("\n");
        assertThat(deep.resolve("instances").resolve("vm")).doesNotExist();
        try (Stream<Path> inside = Files.list(hijacked)) {
            assertThat(inside).as("nothing of ours went into the other user's folder").isEmpty();
        }
    }

    /**
     * Everything below {@code root} (itself included) that others may read or write; links are skipped.
     * Folders others may only pass through (--x: no listing) lead QEMU, running as its own user, to its work folder.
     */
    private static List<String> openToOthers(Path root) throws IOException {
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                if (Files.isSymbolicLink(p) || p.getFileName().toString().startsWith("out") || p.getFileName().toString().startsWith("err")) {
                    continue; // the test harness's own capture files
                }
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    Set<PosixFilePermission> tooOpen = new java.util.HashSet<>(others);
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        tooOpen.removeAll(Set.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
                    }
                    if (perms.stream().anyMatch(tooOpen::contains)) {
                        open.add(root.relativize(p) + " " + PosixFilePermissions.toString(perms));
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed while we looked (a temp file renamed into place)
                }
            }
        }
        return open;
    }

    private static String procText(long pid, String file) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)), StandardCharsets.UTF_8);
    }
}
