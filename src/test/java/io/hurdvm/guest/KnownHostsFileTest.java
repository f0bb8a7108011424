package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsFileTest {
    @TempDir
    Path tmp;

    @Test
    void reset_forgetsOnlyThatInstance_andKeepsOtherLines() throws Exception {
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, "# a comment\n[127.0.0.1]:2222 ssh-ed25519 AAAAother\n");
        KnownHostsFile kh = new KnownHostsFile(file);
        PublicKey a = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic();
        PublicKey b = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic();
        kh.add("hurdvm-a", a);
        kh.add("hurdvm-b", b);

        assertThat(kh.keysFor("hurdvm-a")).containsExactly(PublicKeyEntry.toString(a));
        kh.remove("hurdvm-a");

        assertThat(kh.keysFor("hurdvm-a")).isEmpty();
        assertThat(kh.keysFor("hurdvm-b")).containsExactly(PublicKeyEntry.toString(b));
        assertThat(Files.readAllLines(file)).startsWith("# a comment", "[127.0.0.1]:2222 ssh-ed25519 AAAAother");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void missingFile_hasNoKeys() {
        assertThat(new KnownHostsFile(tmp.resolve("none")).keysFor("hurdvm-x")).isEmpty();
    }
}
