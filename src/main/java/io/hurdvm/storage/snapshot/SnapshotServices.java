package io.hurdvm.storage.snapshot;

import io.hurdvm.instance.InstanceLock;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.control.ControlQmpExecutor;
import io.hurdvm.vm.InstanceName;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link SnapshotService} of an instance as seen from outside its supervisor (the CLI, the API):
 * live through the supervisor's control socket while it runs, offline with qemu-img otherwise. The
 * supervisor itself builds its own, on its own QMP connection.
 */
public final class SnapshotServices {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private SnapshotServices() {
    }

    public static SnapshotService forInstance(InstancePaths paths, Duration jobTimeout) {
        // A live supervisor owns QEMU, which has the disk open (and QEMU takes one QMP client only):
        // go through its control socket. Asked per operation, as the instance may stop or start meanwhile.
        Supplier<Optional<QmpExecutor>> live = () -> SupervisorLiveness.liveSupervisor(paths)
                .map(h -> new ControlQmpExecutor(paths.controlSocket()));
        // One changing operation at a time on an instance: a restore must not run under an 'up' or a 'down'.
        SnapshotService.Exclusive lock = operation -> InstanceLock.acquire(paths.dir().getParent(), InstanceName.of(paths.name()),
                operation, LOCK_WAIT);
        return new SnapshotService(paths.name(), paths.disk(), new QemuImgCli(), live, jobTimeout, lock);
    }
}
