package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscriptTest {
    private static final String SECRET = "Tr0ub4dor-3";

    @Test
    void secretSentAndEchoedBack_isMaskedInBothViews() {
        Transcript t = new Transcript();
        t.addSecret(SECRET);
        t.received("Password: ");
        t.sentSecret();
        t.received(SECRET + "\r\nroot@debian:~# ");

        assertThat(t.consoleText()).isEqualTo("Password: ******\r\nroot@debian:~# ").doesNotContain(SECRET);
        assertThat(t.dialogue()).contains("{sent: ******}").doesNotContain(SECRET);
    }

    @Test
    void secretSplitAcrossChunks_evenOneCharacterAtATime_isMasked() {
        Transcript t = new Transcript();
        t.addSecret(SECRET);
        String stream = "echo " + SECRET + " done\n";
        for (char c : stream.toCharArray()) {
            t.received(String.valueOf(c));
            assertThat(t.consoleText()).doesNotContain("Tr0ub");
        }
        assertThat(t.consoleText()).isEqualTo("echo ****** done\n");
    }

    @Test
    void tailThatMayBeginASecret_isShownMaskedUntilDecided() {
        Transcript t = new Transcript();
        t.addSecret(SECRET);
        t.received("typed: Tr0u");
        assertThat(t.consoleText()).isEqualTo("typed: ******");

        t.received("gh luck\n");
        assertThat(t.consoleText()).isEqualTo("typed: Tr0ugh luck\n");
    }

    @Test
    void selfOverlappingSecret_isMaskedWhereItCompletes() {
        Transcript t = new Transcript();
        t.addSecret("aab");
        t.received("xa");
        t.received("a");
        t.received("ab!");
        assertThat(t.consoleText()).isEqualTo("xa******!");
    }

    @Test
    void sentTextContainingASecret_isMasked_andControlCharactersEscaped() {
        Transcript t = new Transcript();
        t.addSecret("$6$salt$hash");
        t.sent("echo 'root:$6$salt$hash' | chpasswd -e\r");
        assertThat(t.dialogue()).isEqualTo("{sent: echo 'root:******' | chpasswd -e\\r}");
    }

    @Test
    void secretRegisteredLate_isMaskedInWhatWasAlreadyRecorded() {
        Transcript t = new Transcript();
        t.received("the password is " + SECRET + "\n");
        t.addSecret(SECRET);
        assertThat(t.consoleText()).isEqualTo("the password is ******\n");
    }

    @Test
    void longerSecretContainingAShorterOne_isMaskedWhole() {
        Transcript t = new Transcript();
        t.addSecret("abc");
        t.addSecret("xxabcxx");
        t.received("[xxabcxx] [abc]\n");
        assertThat(t.consoleText()).isEqualTo("[******] [******]\n");
    }

    @Test
    void lastLines_dropCarriageReturnsAndTrailingBlankLines() {
        Transcript t = new Transcript();
        for (int i = 1; i <= 15; i++) {
            t.received("line " + i + "\r\n");
        }
        t.received("\r\n");
        assertThat(t.lastLines(3)).containsExactly("line 13", "line 14", "line 15");
        assertThat(new Transcript().lastLines(10)).isEmpty();
    }
}
