package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-made host keys are read by the real tools the guests' SSH servers share their key code
 * with: dropbear's {@code dropbearkey -y} and OpenSSH's {@code ssh-keygen -y} print the public half
 * of each file, which must be the key hurdvm pins.
 */
class GuestHostKeysTest {
    @TempDir
    Path dir;

    @Test
    void dropbearReadsBothKeyFiles_andFindsThePinnedPublicKeys() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dropbearkey")), "dropbearkey (dropbear-bin) is installed");
        GuestHostKeys keys = GuestHostKeys.generate();
        assertThat(publicHalf(write("ed", keys.dropbearEd25519()), "dropbearkey", "-y", "-f"))
                .contains(keys.publicKeys().get(0));
        assertThat(publicHalf(write("ec", keys.dropbearEcdsa()), "dropbearkey", "-y", "-f"))
                .contains(keys.publicKeys().get(1));
    }

    @Test
    void openSshReadsBothKeyFiles_andFindsThePinnedPublicKeys() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is installed");
        GuestHostKeys keys = GuestHostKeys.generate();
        assertThat(publicHalf(write("ed", keys.openSshEd25519()), "ssh-keygen", "-y", "-f")).contains(keys.publicKeys().get(0));
        assertThat(publicHalf(write("ec", keys.openSshEcdsa()), "ssh-keygen", "-y", "-f")).contains(keys.publicKeys().get(1));
    }

    @Test
    void everyCloneGetsOtherKeys() {
        assertThat(GuestHostKeys.generate().publicKeys()).doesNotContainAnyElementsOf(GuestHostKeys.generate().publicKeys());
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static String publicHalf(Path file, String... tool) throws Exception {
        String[] cmd = java.util.Arrays.copyOf(tool, tool.length + 1);
        cmd[tool.length] = file.toString();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
