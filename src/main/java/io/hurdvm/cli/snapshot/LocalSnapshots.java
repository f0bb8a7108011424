package io.hurdvm.cli.snapshot;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotReport;
import io.hurdvm.storage.snapshot.SnapshotService;

/** Snapshots of an instance in this host's HURDVM_HOME, through its supervisor when it runs. */
final class LocalSnapshots implements Snapshots {
    private final HostEnvironment env;
    private final String timeout;

    LocalSnapshots(HostEnvironment env, String timeout) {
        this.env = env;
        this.timeout = timeout;
    }

    @Override
    public SnapshotReport list(String instance) {
        SnapshotCli cli = SnapshotCli.open(env, instance, timeout);
        return SnapshotReport.of(cli.name().value(), cli.running(), cli.service().list());
    }

    @Override
    public Created create(String instance, SnapshotName snapshot) {
        SnapshotCli cli = SnapshotCli.open(env, instance, timeout);
        SnapshotService.CreateOutcome made = cli.service().create(snapshot);
        return new Created(cli.name().value(), made.mode() == SnapshotService.Mode.LIVE, made.snapshot().vmStateSize());
    }

    @Override
    public Restored restore(String instance, SnapshotName snapshot) {
        SnapshotCli cli = SnapshotCli.open(env, instance, timeout);
        SnapshotService.RestoreOutcome done = cli.service().restore(snapshot);
        return new Restored(cli.name().value(), done.memoryRestored(), done.snapshot().vmStateSize() > 0);
    }

    @Override
    public String delete(String instance, SnapshotName snapshot) {
        SnapshotCli cli = SnapshotCli.open(env, instance, timeout);
        cli.service().delete(snapshot);
        return cli.name().value();
    }
}
