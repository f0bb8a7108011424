package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloneIdentityCommandsTest {
    @Test
    void theScript_setsTheClockFirst_fromTheGivenInstant_withAWholeSecondFallback() {
        String script = CloneIdentityCommands.newIdentity(Instant.parse("2026-12-07T02:18:26.750Z"), "ssh-ed25519 AAAA hurdvm@c1");
        assertThat(script.lines().findFirst().orElseThrow())
                .isEqualTo("{ date -u -s @1796609906.750 || date -u -s @1796609907; } >/dev/null 2>&1");
        // entropy is mixed in before any key is made, the key is quoted, and the template's key is replaced
        assertThat(script.indexOf("/dev/urandom")).isLessThan(script.indexOf("dropbearkey -t"));
        assertThat(script.indexOf("/dev/urandom")).isLessThan(script.indexOf("ssh-keygen -q"));
        assertThat(script).contains("'ssh-ed25519 AAAA hurdvm@c1' > /root/.ssh/authorized_keys.hurdvm");
    }

    @Test
    void hostKeys_areTheKeyLinesOfTheOutput_only() {
        String out = "Public key portion is:\nssh-ed25519 AAAAC3Nz root@hurdvm-test\nFingerprint: sha1!! 00:11\n"
                + "ecdsa-sha2-nistp256 AAAAE2Vj root@hurdvm-test\n; rm -rf / AAAA\n";
        assertThat(CloneIdentityCommands.hostKeysIn(out)).containsExactly("ssh-ed25519 AAAAC3Nz", "ecdsa-sha2-nistp256 AAAAE2Vj");
    }

    @Test
    void input_isThePasswordLine_thenTheRandomBytesInHex() {
        assertThat(CloneIdentityCommands.input("$6$salt$hash", new byte[] {1, (byte) 0xff})).isEqualTo("root:$6$salt$hash\n01ff\n");
    }
}
