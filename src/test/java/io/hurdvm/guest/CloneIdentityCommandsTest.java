package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloneIdentityCommandsTest {
    @Test
    void theScript_mixesEntropyInFirst_andSetsTheClock_fromTheGivenInstant_withAWholeSecondFallback_afterTheKeysBeforeThePassword() {
        String script = CloneIdentityCommands.newIdentity(Instant.parse("2026-12-07T02:18:26.750Z"), "ssh-ed25519 AAAA hurdvm@c1");
        List<String> lines = script.lines().toList();
        assertThat(lines.get(2)).isEqualTo("printf '%s\\n' \"$seed\" > /dev/urandom");
        int clock = lines.indexOf("{ date -u -s @1796609906.750 || date -u -s @1796609907; } >/dev/null 2>&1");
        assertThat(clock).isGreaterThan(lines.indexOf("echo " + CloneIdentityCommands.KEYS_IN_PLACE));
        assertThat(lines.subList(clock, lines.size())).anyMatch(l -> l.contains("chpasswd"));
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
    void theScript_readsTheOpenSshKeyLines_onlyWhereThereIsNoDropbear() {
        List<String> lines = CloneIdentityCommands.newIdentity(Instant.now(), "ssh-ed25519 AAAA hurdvm@c1").lines().toList();
        int openSsh = lines.indexOf("elif [ -d /etc/ssh ]; then");
        assertThat(lines.subList(0, openSsh)).noneMatch(l -> l.contains("read -r o25519"));
        assertThat(lines.get(openSsh + 1)).contains("read -r o25519; read -r o25519p; read -r oecdsa; read -r oecdsap");
    }

    @Test
    void printfEscaped_leavesPrintableAsciiAsItIs_andEscapesWhatPrintfOrReadWouldChange() {
        byte[] text = "ab-Z09 \\%\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(CloneIdentityCommands.printfEscaped(text)).isEqualTo("ab-Z09\\040\\134\\045\\012");
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
        assertThat(lines.subList(2, 8)).allMatch(l -> l.matches("([!-~&&[^\\\\%]]|\\\\[0-7]{3})+"));
    }

    @Test
    void printfEscaped_isWhatAShellsPrintfTurnsBackIntoTheBytes() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        List<List<String>> shells = new java.util.ArrayList<>(List.of(List.of("/bin/sh")));
        if (java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/busybox"))) {
            shells.add(List.of("/usr/bin/busybox", "sh")); // the Linux test guest's shell
        }
        for (List<String> shell : shells) {
            // As the identity script takes it: one line of stdin through read -r, then printf.
            List<String> argv = new java.util.ArrayList<>(shell);
            argv.addAll(List.of("-c", "read -r k; printf \"$k\""));
            Process p = new ProcessBuilder(argv).start();
            try (var in = p.getOutputStream()) {
                in.write((CloneIdentityCommands.printfEscaped(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            assertThat(p.waitFor()).as("%s", shell).isZero();
            assertThat(out.toByteArray()).as("%s", shell).isEqualTo(bytes);
        }
    }
}
