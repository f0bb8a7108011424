package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial hub on real QEMU booting the real GNU Mach kernel from gnumach.iso (GRUB on COM1, Mach's
 * console on com0; with no Hurd servers Mach prints its banner and panics, which is all we need).
 */
class SerialHubQemuIT {
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static Path iso;

    @TempDir(factory = ShortTempDir.class)
    Path dir;

    private ConsoleStack stack;
    private ConsoleBuffer buffer;
    private final BootPhaseTracker tracker = BootPhaseTracker.withDefaults();
    private final LinkedBlockingQueue<BootPhase> reached = new LinkedBlockingQueue<>();
    private SerialHub hub;
    private QemuSerialGuest qemu;

    @BeforeAll
    static void findGuest() {
        assumeTrue(QemuSerialGuest.qemuInstalled(), "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)");
        Optional<Path> found = GuestCache.find("gnumach.iso");
        assumeTrue(found.isPresent(), "gnumach.iso not found in " + GuestCache.dir()
                + "; build it with guests/build-gnumach-iso.sh (or set HURDVM_GUEST_CACHE)");
        iso = found.get();
    }

    @BeforeEach
    void setUp() throws Exception {
        stack = ConsoleStack.hubOnly(dir);
        hub = stack.hub();
        buffer = stack.buffer();
        tracker.onPhaseReached(reached::add);
        hub.addListener(tracker);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            stack.close();
        } finally {
            if (qemu != null) {
                qemu.close();
            }
        }
    }

    @Test
    void gnumachBoot_isTrackedToKernelAndWrittenToTheConsoleLog() throws Exception {
        qemu = QemuSerialGuest.bootCdrom(iso, stack.serialSocket(), dir);
        hub.connect(qemu.started(), CONNECT, qemu::isAlive);

        BootPhase kernel = awaitPhase(PhasePattern.KERNEL);

        assertThat(tracker.phases()).extracting(BootPhase::name).containsExactly(PhasePattern.BOOTLOADER, PhasePattern.KERNEL);
        assertThat(kernel.sinceStart()).isPositive().isLessThan(BOOT);
        assertThat(Files.readString(stack.consoleLog())).contains("Booting `GNU Mach").contains("GNU Mach 1.8");
        assertThat(buffer.lastLines(200)).anyMatch(l -> l.startsWith("GNU Mach 1.8"));
        System.out.printf("gnumach.iso phases: %s%n", tracker.phases());
    }

    @Test
    void qemuRestart_reconnectsToTheNewProcessAndStartsANewBoot() throws Exception {
        qemu = QemuSerialGuest.bootCdrom(iso, stack.serialSocket(), dir);
        hub.connect(qemu.started(), CONNECT, qemu::isAlive);
        awaitPhase(PhasePattern.KERNEL);
        assertThat(buffer.awaitPattern(Pattern.compile("panic"), Instant.now().plus(BOOT))).isTrue();

        qemu.close(); // QEMU dies: the serial connection ends
        qemu = QemuSerialGuest.bootCdrom(iso, stack.serialSocket(), dir);
        reached.clear();
        hub.reconnect(qemu.started(), CONNECT, qemu::isAlive);

        assertThat(buffer.sinceEpoch()).doesNotContain("panic");
        BootPhase kernelAgain = awaitPhase(PhasePattern.KERNEL);
        assertThat(kernelAgain.at()).isAfter(qemu.started());
        assertThat(buffer.epoch()).isEqualTo(2);
        // The phase listener can fire a moment before the same bytes reach the log file: wait for them.
        Instant deadline = Instant.now().plusSeconds(10);
        String logText = Files.readString(stack.consoleLog());
        while (logText.indexOf("GNU Mach 1.8") == logText.lastIndexOf("GNU Mach 1.8") && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            logText = Files.readString(stack.consoleLog());
        }
        assertThat(logText.indexOf("GNU Mach 1.8")).isNotEqualTo(logText.lastIndexOf("GNU Mach 1.8"));
    }

    @Test
    void qemuThatFailsToStart_endsTheConnectWaitEarly() throws Exception {
        qemu = QemuSerialGuest.start(List.of("-no-such-option"), stack.serialSocket(), dir);
        long start = System.nanoTime();
        assertThatThrownBy(() -> hub.connect(qemu.started(), Duration.ofSeconds(60), qemu::isAlive))
                .hasMessageContaining("QEMU exited");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(qemu.stderr()).contains("no-such-option");
    }

    private BootPhase awaitPhase(String name) throws Exception {
        Instant deadline = Instant.now().plus(BOOT);
        while (Instant.now().isBefore(deadline)) {
            BootPhase p = reached.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (p != null && p.name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " phase within " + BOOT + "; console: " + buffer.lastLines(20)
                + "; qemu: " + qemu.stderr());
    }
}
