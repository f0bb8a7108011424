package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hurdvm.console.ConsoleAttachClient.Ending;
import io.hurdvm.readiness.ReadinessTarget;
import io.hurdvm.readiness.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole boot of linux-guest.qcow2 (the Linux stand-in for a Hurd disk: GRUB and a getty on the serial
 * console, root without password) through the hub: boot phases up to LOGIN, the console readiness
 * check, and a user logging in and running a command through an attach client.
 */
class LinuxGuestConsoleIT {
    private static final Duration BOOT = Duration.ofSeconds(300);
    private static final Duration REPLY = Duration.ofSeconds(60);
    private static Path disk;

    @TempDir(factory = ShortTempDir.class)
    Path dir;

    private ConsoleStack stack;
    private QemuSerialGuest qemu;

    @BeforeAll
    static void findGuest() {
        assumeTrue(QemuSerialGuest.qemuInstalled(), "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)");
        Optional<Path> found = GuestCache.find("linux-guest.qcow2");
        assumeTrue(found.isPresent(), "linux-guest.qcow2 not found in " + GuestCache.dir()
                + "; build it with guests/build-linux-guest.sh (or set HURDVM_GUEST_CACHE)");
        disk = found.get();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (qemu != null) {
                qemu.close();
            }
        }
    }

    @Test
    void boot_reachesTheLoginPromptAndAnAttachedUserCanLogInAndRunACommand() throws Exception {
        BootPhaseTracker tracker = BootPhaseTracker.withDefaults();
        stack = ConsoleStack.withAttachServer(dir);
        SerialHub hub = stack.hub();
        hub.addListener(tracker);
        // snapshot=on: the shared cached image is never written.
        qemu = QemuSerialGuest.start(List.of("-m", "256",
                "-drive", "file=" + disk + ",format=qcow2,if=ide,snapshot=on"), stack.serialSocket(), dir);
        hub.connect(qemu.started(), Duration.ofSeconds(10), qemu::isAlive);

        Wait.forConsole("login:\\s*$").waitUntilReady(target(), BOOT);

        // The readiness check reads the buffer; the tracker hears the same prompt through its listener a moment later.
        java.time.Instant phaseDeadline = java.time.Instant.now().plusSeconds(15);
        while (tracker.phases().stream().noneMatch(p -> p.name().equals(PhasePattern.LOGIN))
                && java.time.Instant.now().isBefore(phaseDeadline)) {
            Thread.sleep(50);
        }
        assertThat(tracker.phases()).extracting(BootPhase::name).contains(PhasePattern.BOOTLOADER, PhasePattern.LOGIN);
        System.out.printf("linux-guest.qcow2 phases: %s%n", tracker.phases());

        AttachedClient user = AttachedClient.attach(stack.consoleSocket());
        assertThat(user.output().await("login: $", REPLY)).as("history shows the prompt").isTrue();
        user.input().type("root\r");
        assertThat(user.output().await("# $", REPLY)).as("shell prompt; console: %s", stack.buffer().lastLines(10)).isTrue();
        user.input().type("echo hv-$((6*7))\r");
        assertThat(user.output().await("hv-42", REPLY)).as("console: %s", stack.buffer().lastLines(10)).isTrue();
        assertThat(user.detach()).isEqualTo(Ending.DETACHED);
    }

    private ReadinessTarget target() {
        return new ReadinessTarget() {
            @Override
            public ConsoleBuffer console() {
                return stack.buffer();
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int sshPort() {
                return 0; // not forwarded: this test checks the console only
            }

            @Override
            public boolean processAlive() {
                return qemu.isAlive();
            }
        };
    }
}
