package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloneIdentityCommandsTest {
    @Test
    void theScript_mixesEntropyInFirst_thenSetsTheClock_fromTheGivenInstant_withAWholeSecondFallback() {
        String script = CloneIdentityCommands.newIdentity(Instant.parse("2026-12-07T02:18:26.750Z"), "ssh-ed25519 AAAA hurdvm@c1");
        List<String> lines = script.lines().toList();
        assertThat(lines.get(2)).isEqualTo("printf '%s\\n' \"$seed\" > /dev/urandom");
        assertThat(lines.get(3)).isEqualTo("{ date -u -s @1796609906.750 || date -u -s @1796609907; } >/dev/null 2>&1");
        // the key is quoted, and the template's key is replaced
        assertThat(script).contains("'ssh-ed25519 AAAA hurdvm@c1' > /root/.ssh/authorized_keys\n");
        // no key is made in the guest any more: it is written from stdin
        assertThat(script).doesNotContain("dropbearkey").doesNotContain("ssh-keygen");
    }

    @Test
    void theScript_saysTheKeysAreInPlace_afterTheHostKeysAndTheAuthorizedKey_beforeThePassword() {
        List<String> lines = CloneIdentityCommands.newIdentity(Instant.now(), "ssh-ed25519 AAAA hurdvm@c1").lines().toList();
        int marker = lines.indexOf("echo " + CloneIdentityCommands.KEYS_IN_PLACE);
        assertThat(marker).isPositive();
        assertThat(lines.subList(0, marker)).anyMatch(l -> l.contains("> /root/.ssh/authorized_keys"))
                .anyMatch(l -> l.contains("dropbear_ed25519_host_key")).anyMatch(l -> l.contains("ssh_host_ed25519_key"));
        assertThat(lines.subList(marker, lines.size())).anyMatch(l -> l.contains("chpasswd"));
    }

    @Test
    void theScript_readsNoSecretFromItsCommandLine() {
        GuestHostKeys keys = GuestHostKeys.generate();
        String script = CloneIdentityCommands.newIdentity(Instant.now(), "ssh-ed25519 AAAA hurdvm@c1");
        String input = CloneIdentityCommands.input("$6$salt$hash", new byte[] {1, 2}, keys);
        assertThat(script).doesNotContain("$6$salt$hash").doesNotContain(input.lines().toList().get(2));
    }

    @Test
    void input_isThePasswordLine_theRandomBytesInHex_thenSixKeyFileLines() {
        String input = CloneIdentityCommands.input("$6$salt$hash", new byte[] {1, (byte) 0xff}, GuestHostKeys.generate());
        List<String> lines = input.lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.subList(0, 2)).containsExactly("root:$6$salt$hash", "01ff");
        assertThat(lines.subList(2, 8)).allMatch(l -> l.matches("(\\\\[0-7]{3})+"));
    }

    @Test
    void printfEscaped_isWhatAShellsPrintfTurnsBackIntoTheBytes() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf \"$0\"", CloneIdentityCommands.printfEscaped(bytes)).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        assertThat(out.toByteArray()).isEqualTo(bytes);
        assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).hasSize(256);
    }
}
