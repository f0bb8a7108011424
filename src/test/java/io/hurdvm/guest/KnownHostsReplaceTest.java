package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsReplaceTest {
    @TempDir
    Path dir;

    @Test
    void replace_pinsExactlyTheGivenKeys_forThatAlias_andKeepsOthers() throws Exception {
        KnownHostsFile file = new KnownHostsFile(dir.resolve("known_hosts"));
        file.replace("hurdvm-a", List.of("ssh-ed25519 AAAAold"));
        file.replace("hurdvm-b", List.of("ssh-ed25519 AAAAbbb"));
        file.replace("hurdvm-a", List.of("ssh-ed25519 AAAAnew", "ecdsa-sha2-nistp256 AAAAec"));
        assertThat(file.keysFor("hurdvm-a")).containsExactly("ssh-ed25519 AAAAnew", "ecdsa-sha2-nistp256 AAAAec");
        assertThat(file.keysFor("hurdvm-b")).containsExactly("ssh-ed25519 AAAAbbb");
        assertThat(Files.readString(dir.resolve("known_hosts"))).doesNotContain("old");
    }

    @Test
    void aLineThatIsNoKey_isRefused() {
        KnownHostsFile file = new KnownHostsFile(dir.resolve("known_hosts"));
        assertThatThrownBy(() -> file.replace("hurdvm-a", List.of("ssh-ed25519 AAAA\nhurdvm-b ssh-ed25519 evil")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
