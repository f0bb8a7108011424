package io.hurdvm.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeyPairTest {
    @TempDir
    Path tmp;

    @Test
    void firstUse_writesOpenSshEd25519KeyOwnerOnly_thatOpenSshReads() throws Exception {
        Path secrets = tmp.resolve("inst/secrets");
        SshKeyPair key = SshKeyPair.loadOrCreate(secrets, "hurdvm@demo");

        assertThat(key.privateKeyFile()).isEqualTo(secrets.resolve("id_ed25519"));
        assertThat(Files.readString(key.privateKeyFile())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.privateKeyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
        assertThat(key.publicKeyLine()).matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/=]+ hurdvm@demo");
        assertThat(Files.readString(key.publicKeyFile())).isEqualTo(key.publicKeyLine() + "\n");

        // The real OpenSSH tool derives the same public key from our private key file.
        Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", key.privateKeyFile().toString()).start();
        String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(derived).startsWith(key.publicKeyLine().substring(0, key.publicKeyLine().lastIndexOf(' ')));
    }

    @Test
    void laterUse_loadsTheSameKey() {
        Path secrets = tmp.resolve("secrets");
        SshKeyPair first = SshKeyPair.loadOrCreate(secrets, "hurdvm@a");
        SshKeyPair again = SshKeyPair.loadOrCreate(secrets, "hurdvm@a");

        assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).startsWith("SHA256:");
        assertThat(again.publicKeyLine()).isEqualTo(first.publicKeyLine());
    }

    @Test
    void toString_showsFingerprintNotKeyMaterial() {
        SshKeyPair key = SshKeyPair.loadOrCreate(tmp.resolve("s"), "hurdvm@x");
        assertThat(key.toString()).contains(key.fingerprint()).doesNotContain("PRIVATE");
    }
}
