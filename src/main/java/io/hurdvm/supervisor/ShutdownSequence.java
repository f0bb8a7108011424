package io.hurdvm.supervisor;

import io.hurdvm.vm.VmState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a guest as gently as it allows: ACPI power-down, wait; then the guest's own shutdown over
 * SSH if a fallback is configured, wait; then QMP quit; then SIGKILL. Every step is recorded so
 * that {@code status} shows where a stop is.
 */
final class ShutdownSequence {
    /** The guest's own shutdown command (e.g. {@code poweroff} over SSH); returns false if it could not be sent. */
    @FunctionalInterface
    interface GuestPoweroff {
        boolean send(Duration timeout);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);
    private static final Duration QUIT_WAIT = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private final StateRecorder recorder;
    private final GuestPoweroff guestPoweroff;

    ShutdownSequence(StateRecorder recorder, GuestPoweroff guestPoweroff) {
        this.recorder = recorder;
        this.guestPoweroff = guestPoweroff;
    }

    /** Runs the sequence and returns how QEMU ended: acpi, guest-poweroff, quit or kill. */
    String stop(QemuRun run, Duration timeout, boolean force) throws InterruptedException {
        if (!force) {
            step("ACPI power-down sent, waiting up to " + timeout.toSeconds() + "s");
            try {
                run.commands().systemPowerdown();
                if (run.awaitExit(timeout)) {
                    return "acpi";
                }
            } catch (RuntimeException e) {
                LOG.warn("system_powerdown failed: {}", e.getMessage());
            }
            if (guestPoweroff != null) {
                step("guest ignored ACPI power-down for " + timeout.toSeconds() + "s; running poweroff in the guest over SSH");
                if (guestPoweroff.send(Duration.ofSeconds(15)) && run.awaitExit(timeout)) {
                    return "guest-poweroff";
                }
            }
            step("guest did not power off within " + timeout.toSeconds() + "s; sending QMP quit");
        } else {
            step("forced stop: sending QMP quit");
        }
        try {
            run.commands().quit();
        } catch (RuntimeException e) {
            LOG.warn("QMP quit failed: {}", e.getMessage());
        }
        if (run.awaitExit(QUIT_WAIT)) {
            return "quit";
        }
        step("QEMU ignored quit for " + QUIT_WAIT.toSeconds() + "s; killing pid " + run.process().pid());
        run.process().kill();
        run.awaitExit(KILL_WAIT);
        return "kill";
    }

    private void step(String message) {
        recorder.update(b -> b.state(VmState.STOPPING).message(message));
    }
}
