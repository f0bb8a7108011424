package io.hurdvm.cli.snapshot;

import io.hurdvm.cli.HostOption;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotReport;

/**
 * The snapshot operations of the {@code snapshot} commands, on local state or through a daemon
 * ({@code --host}); {@link #of} chooses once, so the commands read the same either way.
 */
interface Snapshots {
    SnapshotReport list(String instance);

    Created create(String instance, SnapshotName snapshot);

    Restored restore(String instance, SnapshotName snapshot);

    /** @return the instance's name as stored */
    String delete(String instance, SnapshotName snapshot);

    /** What a snapshot holds: {@code live} when it saved memory too ({@code memoryBytes} of it). */
    record Created(String instance, boolean live, long memoryBytes) {
    }

    /** {@code memoryRestored}: the running guest continues from the snapshot; {@code savedMemory}: it had memory to restore. */
    record Restored(String instance, boolean memoryRestored, boolean savedMemory) {
    }

    /** {@code timeout}: how long QEMU may take locally (a daemon applies its own limit). */
    static Snapshots of(HostOption host, String timeout) {
        return host.choose(env -> new LocalSnapshots(env, timeout), DaemonSnapshots::new);
    }
}
