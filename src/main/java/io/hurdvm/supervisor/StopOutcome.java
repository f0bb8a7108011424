package io.hurdvm.supervisor;

import java.util.Locale;

/** How a stop ended QEMU, from the gentlest to the hardest; shown as {@code stopped (guest-poweroff)}. */
public enum StopOutcome {
    /** The guest's own poweroff (after a sync), asked for over SSH. */
    GUEST_POWEROFF,
    /** The guest obeyed the ACPI power button. */
    ACPI,
    /** QMP quit: QEMU ended without the guest shutting down. */
    QUIT,
    /** SIGKILL after QEMU ignored quit. */
    KILL,
    /** QEMU was not running when the stop came. */
    NOT_RUNNING;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
