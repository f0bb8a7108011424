package io.hurdvm.cli.snapshot;

import io.hurdvm.api.SnapshotRoutes;
import io.hurdvm.cli.HostOption;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotReport;
import io.hurdvm.storage.snapshot.SnapshotService;

/** Snapshots through a 'hurdvm serve' daemon; its errors carry the same kinds, hence the same exit codes. */
final class DaemonSnapshots implements Snapshots {
    private final HostOption host;

    DaemonSnapshots(HostOption host) {
        this.host = host;
    }

    @Override
    public SnapshotReport list(String instance) {
        return host.call(c -> c.snapshots(instance));
    }

    @Override
    public Created create(String instance, SnapshotName snapshot) {
        SnapshotRoutes.Done made = host.call(c -> c.snapshot(instance, snapshot.value()));
        return new Created(made.instance(), made.mode() == SnapshotService.Mode.LIVE, made.snapshot().memoryBytes());
    }

    @Override
    public Restored restore(String instance, SnapshotName snapshot) {
        SnapshotRoutes.Restored done = host.call(c -> c.restoreSnapshot(instance, snapshot.value()));
        return new Restored(done.instance(), done.memoryRestored(), done.snapshot().memoryBytes() > 0);
    }

    @Override
    public String delete(String instance, SnapshotName snapshot) {
        return host.call(c -> c.deleteSnapshot(instance, snapshot.value())).instance();
    }
}
