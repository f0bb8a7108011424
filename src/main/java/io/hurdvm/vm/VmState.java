package io.hurdvm.vm;

/** Lifecycle states of an instance as the supervisor records them. */
public enum VmState {
    /** Instance folder exists, never started or cleanly removed from service. */
    CREATED,
    /** Supervisor is preparing and launching QEMU. */
    STARTING,
    /** QEMU runs; the guest is booting (see boot phases). */
    BOOTING,
    /** The readiness condition held. */
    RUNNING,
    /**
     * The guest kernel panicked (the console shows the line). With restart policy on-failure QEMU is
     * ended a few seconds later and restarted like after a crash (a panic at every boot becomes a
     * crash loop); with {@code never} it stays up so the console can be read.
     */
    PANICKED,
    /** A shutdown was requested and is in progress. */
    STOPPING,
    /** QEMU is gone after a requested shutdown or a guest poweroff. */
    STOPPED,
    /** QEMU died unexpectedly; a restart is pending (backoff). */
    RESTARTING,
    /** QEMU died and the restart policy gave up (crash loop) or does not restart. */
    FAILED,
    /**
     * Never recorded, only shown: QEMU still runs but its supervisor is gone. 'up' adopts it under a
     * new supervisor, 'down' stops it.
     */
    ORPHANED;

    public boolean isActive() {
        return this == STARTING || this == BOOTING || this == RUNNING || this == PANICKED || this == STOPPING
                || this == RESTARTING;
    }
}
