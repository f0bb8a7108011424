package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.secret.Secret;
import io.hurdvm.secret.Sha512Crypt;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning logic against a scripted fake console (see {@link ScriptedConsoleGuest}): step order,
 * failure reporting and idempotence. The real Linux guest is provisioned in ConsoleProvisionerIT.
 */
class ConsoleProvisionerScriptedGuestTest {
    private static final Secret PASSWORD = Secret.of("Sup3r-Secret-Passw0rd-For-Tests");
    private static final String KEY_LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBvX9b6 hurdvm@demo";
    private static final ProvisioningTimeouts FAST = new ProvisioningTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private ScriptedConsoleGuest guest;
    private PipedOutputStream guestOut;
    private ExpectSession session;
    private Path record;

    @BeforeEach
    void wire() throws IOException {
        guestOut = new PipedOutputStream();
        PipedInputStream hostIn = new PipedInputStream(guestOut, 1 << 16);
        PipedInputStream guestIn = new PipedInputStream(1 << 16);
        PipedOutputStream hostOut = new PipedOutputStream(guestIn);
        guest = new ScriptedConsoleGuest(guestOut);
        guest.serve(guestIn);
        session = new ExpectSession(hostIn, hostOut);
        record = tmp.resolve("provisioned.json");
    }

    @AfterEach
    void close() throws IOException {
        guestOut.close(); // ends the session's reader, like a guest powering off
        session.close();
    }

    private ProvisioningRecord provision(ProvisioningTimeouts timeouts) {
        return new ConsoleProvisioner(session, PASSWORD, KEY_LINE, record, timeouts, CLOCK).provision();
    }

    @Test
    void freshGuest_getsPasswordHashAndKey_andTheRecordIsWrittenAfterAllSteps() {
        ProvisioningRecord result = provision(FAST);

        assertThat(result.steps()).containsExactly(ProvisioningStep.values());
        assertThat(result.foundProvisioned()).isFalse();
        assertThat(result.guestKind()).isEqualTo(GuestKind.LINUX);
        assertThat(result.sshServer()).isEqualTo(SshServerKind.DROPBEAR);
        assertThat(ProvisioningRecord.readFrom(record)).contains(result);
        assertThat(Sha512Crypt.matches(PASSWORD, guest.rootHash)).isTrue();
        assertThat(guest.authorizedKeys.toString()).isEqualTo(KEY_LINE + "\n");
        assertThat(guest.provisioned).isTrue();
        assertThat(guest.state).isEqualTo(ScriptedConsoleGuest.State.LOGIN);
        // Only the hash was typed, never the password; the transcript masks the hash as well.
        assertThat(guest.received()).doesNotContain(PASSWORD.reveal()).contains(guest.rootHash);
        assertThat(session.transcript().dialogue()).doesNotContain(PASSWORD.reveal()).doesNotContain(guest.rootHash);
    }

    @Test
    void echoIsOffWhileTheHashIsTyped() {
        provision(FAST);
        List<String> cmds = guest.commands;
        int off = cmds.indexOf("stty -echo");
        int on = cmds.indexOf("stty echo");
        int chpasswd = cmds.indexOf(cmds.stream().filter(c -> c.contains("chpasswd")).findFirst().orElseThrow());
        assertThat(off).isLessThan(chpasswd);
        assertThat(chpasswd).isLessThan(on);
        assertThat(session.transcript().consoleText()).doesNotContain("chpasswd");
    }

    @Test
    void guestStillBooting_isWokenByRepeatedEnter() {
        guest.entersToIgnore = 3;
        assertThat(provision(FAST).steps()).hasSize(ProvisioningStep.values().length);
    }

    @Test
    void shellLeftLoggedInOnTheConsole_isLoggedOutFirst() {
        guest.state = ScriptedConsoleGuest.State.SHELL;
        assertThat(provision(FAST).foundProvisioned()).isFalse();
        assertThat(guest.commands.getFirst()).isEqualTo("test -f /var/lib/hurdvm/provisioned");
    }

    @Test
    void openSshThatRefusesRootKeys_isReconfiguredAndRestarted() {
        guest.sshServer = "openssh";
        guest.extraCommands = c -> c.startsWith("sshd -T") ? new ScriptedConsoleGuest.Reply(1, "")
                : c.startsWith("if grep -qiE '^[[:space:]]*Include") || c.startsWith("if [ -x /etc/init.d/ssh ]")
                ? new ScriptedConsoleGuest.Reply(0, "") : null;

        assertThat(provision(FAST).sshServer()).isEqualTo(SshServerKind.OPENSSH);
        assertThat(guest.commands).anyMatch(c -> c.contains(ProvisioningCommands.DROP_IN))
                .anyMatch(c -> c.contains("/etc/init.d/ssh restart"));
    }

    @Test
    void openSshThatAlreadyAcceptsRootKeys_isLeftAlone() {
        guest.sshServer = "openssh";
        guest.extraCommands = c -> c.startsWith("sshd -T") ? new ScriptedConsoleGuest.Reply(0, "") : null;

        provision(FAST);
        assertThat(guest.commands).noneMatch(c -> c.contains("restart"));
    }

    @Test
    void provisionedGuest_isDetectedViaOurPassword_leftAlone_andTheMissingRecordWritten() {
        guest.rootHash = Sha512Crypt.hash(PASSWORD);
        guest.provisioned = true;

        ProvisioningRecord result = provision(FAST);

        assertThat(result.foundProvisioned()).isTrue();
        assertThat(result.steps()).containsExactly(ProvisioningStep.WAKE, ProvisioningStep.LOGIN,
                ProvisioningStep.DETECT, ProvisioningStep.LOGOUT);
        assertThat(guest.commands).noneMatch(c -> c.contains("chpasswd") || c.contains("authorized_keys"));
        assertThat(ProvisioningRecord.readFrom(record)).contains(result);
        assertThat(session.transcript().dialogue()).doesNotContain(PASSWORD.reveal());
    }

    @Test
    void loginThatDropsThePasswordTwice_isTriedAgain_andThePasswordIsNeverTypedIntoTheShell() {
        guest.rootHash = Sha512Crypt.hash(PASSWORD);
        guest.provisioned = true;
        guest.passwordsToDrop = 2;

        ProvisioningRecord result = provision(FAST);

        assertThat(result.foundProvisioned()).isTrue();
        assertThat(guest.received().split(java.util.regex.Pattern.quote(PASSWORD.reveal()), -1)).hasSize(4); // typed 3 times
        assertThat(guest.commands).noneMatch(c -> c.contains(PASSWORD.reveal()));
    }

    @Test
    void loginThatAlwaysDropsThePassword_failsAtLogin_sayingSo() {
        guest.rootHash = Sha512Crypt.hash(PASSWORD);
        guest.passwordsToDrop = 99;

        assertThatThrownBy(() -> provision(FAST))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("dropped the password 3 times");
    }

    @Test
    void provisionedGuest_withAnExistingRecord_keepsThatRecord() throws IOException {
        guest.provisioned = true;
        Files.writeString(record, "{\"original\": true}");
        provision(FAST);
        assertThat(Files.readString(record)).isEqualTo("{\"original\": true}");
    }

    @Test
    void guestWithSomeoneElsesPassword_failsAtLogin_withoutRecord() {
        guest.rootHash = Sha512Crypt.hash(Secret.of("not-our-password"));

        assertThatThrownBy(() -> provision(FAST))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("guest asks for a root password that is not ours")
                .satisfies(e -> assertThat(((ProvisioningException) e).step()).isEqualTo(ProvisioningStep.LOGIN))
                .satisfies(e -> assertThat(((ProvisioningException) e).transcript()).doesNotContain(PASSWORD.reveal()));
        assertThat(record).doesNotExist();
    }

    @Test
    void silentConsole_failsWithNoLoginPromptAndTheLastLines() throws IOException {
        guest.state = ScriptedConsoleGuest.State.SILENT;
        assertThatThrownBy(() -> provision(FAST))
                .isInstanceOf(ProvisioningException.class)
                .hasMessage("no login prompt on the serial console within 1s; the console printed nothing");
        assertThat(record).doesNotExist();
    }

    @Test
    void failingGuestCommand_namesTheStep_restoresEcho_andWritesNoRecord() {
        guest.extraCommands = c -> c.contains("chpasswd") ? new ScriptedConsoleGuest.Reply(1, "chpasswd: cannot lock /etc/shadow\r\n") : null;

        assertThatThrownBy(() -> provision(FAST))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("provisioning failed at step 'set the root password': guest command 'chpasswd -e' exited with status 1")
                .hasMessageContaining("cannot lock /etc/shadow")
                .satisfies(e -> assertThat(((ProvisioningException) e).step()).isEqualTo(ProvisioningStep.ROOT_PASSWORD));
        assertThat(guest.commands.getLast()).isEqualTo("stty echo");
        assertThat(record).doesNotExist();
    }

    @Test
    void guestWithoutSshServer_failsAtTheSshStep() {
        guest.sshServer = "none";
        assertThatThrownBy(() -> provision(FAST))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("the guest has no SSH server")
                .satisfies(e -> assertThat(((ProvisioningException) e).step()).isEqualTo(ProvisioningStep.SSH_SERVER));
        assertThat(record).doesNotExist();
    }
}
