package io.hurdvm.supervisor;

import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a guest as gently as it allows, within one time budget for the whole sequence: the guest's
 * own {@code sync; poweroff} over SSH and the ACPI power button (in the profile's order), then QMP
 * quit, then SIGKILL. Every step is recorded, so {@code status} and a waiting {@code down} show where
 * a stop is; the budget is split so that quit and kill always fit in it.
 */
final class ShutdownSequence {
    /** The guest's own shutdown command (e.g. {@code poweroff} over SSH). */
    interface GuestPoweroff {
        /** Whether the guest can be asked at all right now (it booted, its SSH port is known). */
        boolean available();

        /** Asks the guest to power off; false if the request could not be delivered. */
        boolean send(Duration timeout);
    }

    /** What the sequence acts on: one QEMU run. */
    interface Target {
        void powerdown();

        void quit();

        boolean awaitExit(Duration timeout) throws InterruptedException;

        void kill();

        long pid();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);
    /** The most quit and kill may take out of the budget together. */
    static final Duration HARD_STOP_RESERVE = Duration.ofSeconds(8);
    /** The longest the guest's own poweroff may take to be sent (connect, authenticate, run). */
    static final Duration GUEST_COMMAND_LIMIT = Duration.ofSeconds(10);
    private final StateRecorder recorder;
    private final GuestPoweroff guestPoweroff;
    private final boolean guestFirst;

    ShutdownSequence(StateRecorder recorder, GuestPoweroff guestPoweroff, boolean guestFirst) {
        this.recorder = recorder;
        this.guestPoweroff = guestPoweroff;
        this.guestFirst = guestFirst;
    }

    /** Runs the sequence within {@code budget} and returns how QEMU ended. */
    StopOutcome stop(Target vm, Duration budget, boolean force) throws InterruptedException {
        Instant start = Instant.now();
        Duration reserve = min(HARD_STOP_RESERVE, budget.dividedBy(3));
        Instant gentleEnd = start.plus(budget.minus(reserve));
        if (!force) {
            // The first gentle step gets 60% of the gentle time; the second keeps the rest.
            Instant firstEnd = start.plus(budget.minus(reserve).multipliedBy(3).dividedBy(5));
            StopOutcome first = guestFirst ? StopOutcome.GUEST_POWEROFF : StopOutcome.ACPI;
            StopOutcome second = guestFirst ? StopOutcome.ACPI : StopOutcome.GUEST_POWEROFF;
            boolean firstSent = gentle(vm, first, firstEnd);
            if (firstSent && vm.awaitExit(until(firstEnd))) {
                return first;
            }
            boolean secondSent = gentle(vm, second, gentleEnd);
            if ((firstSent || secondSent) && vm.awaitExit(until(gentleEnd))) {
                // A guest that got its own poweroff and then the button: the poweroff did it (Hurd ignores the button).
                return firstSent ? first : second;
            }
            step("guest did not power off within " + seconds(Duration.between(start, Instant.now())) + "; sending QMP quit");
        } else {
            step("forced stop: sending QMP quit");
        }
        try {
            vm.quit();
        } catch (RuntimeException e) {
            LOG.warn("QMP quit failed: {}", e.getMessage());
        }
        Instant quitEnd = start.plus(budget.minus(reserve.dividedBy(2)));
        if (vm.awaitExit(until(quitEnd))) {
            return StopOutcome.QUIT;
        }
        step("QEMU ignored quit; killing pid " + vm.pid());
        vm.kill();
        vm.awaitExit(max(until(start.plus(budget)), Duration.ofSeconds(1)));
        return StopOutcome.KILL;
    }

    /** Sends one gentle request; false when it could not be sent (no SSH, QMP gone). */
    private boolean gentle(Target vm, StopOutcome how, Instant end) {
        if (how == StopOutcome.GUEST_POWEROFF) {
            if (guestPoweroff == null || !guestPoweroff.available()) {
                return false;
            }
            step("syncing file systems and running poweroff in the guest over SSH");
            return guestPoweroff.send(min(GUEST_COMMAND_LIMIT, until(end)));
        }
        step("pressing the ACPI power button, waiting up to " + seconds(until(end)));
        try {
            vm.powerdown();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("system_powerdown failed: {}", e.getMessage());
            return false;
        }
    }

    private void step(String message) {
        recorder.update(b -> b.state(VmState.STOPPING).message(message));
    }

    private static Duration until(Instant end) {
        Duration left = Duration.between(Instant.now(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        return Math.round(d.toMillis() / 100.0) / 10.0 + "s";
    }
}
