package io.hurdvm.lifecycle.drill;

import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.vm.InstanceName;

/**
 * The steps of one restore drill on a throwaway instance, each of which may fail with a one-line
 * reason. {@link DrillRunner} orders and times them and makes sure {@link #discard} runs on every path;
 * the real steps are {@link LiveDrillSteps}.
 */
interface DrillSteps {
    /** Whether an instance of that name exists on this host. */
    boolean exists(InstanceName name);

    /** Restores the latest backup into a new instance {@code throwaway}; returns the backup restored. */
    BackupManifest restore(InstanceName throwaway) throws Exception;

    /** Fails unless the host can run the restored guest now, next to everything it runs already. */
    void requireRoom(InstanceName throwaway) throws Exception;

    /** Starts the restored instance and waits until SSH answers. */
    void boot(InstanceName throwaway) throws Exception;

    /** Runs the drill's check command in the guest, if it has one; fails unless it exits 0. */
    void check(InstanceName throwaway) throws Exception;

    /** Stops (at once: its disk is thrown away) and removes {@code throwaway} if it exists, with whatever a killed restore left of it. */
    void discard(InstanceName throwaway) throws Exception;
}
