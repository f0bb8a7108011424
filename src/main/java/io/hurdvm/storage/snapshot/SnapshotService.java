package io.hurdvm.storage.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.qemu.CommandFailedException;
import io.hurdvm.qemu.ImageSnapshot;
import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qmp.QmpException;
import io.hurdvm.qmp.QmpExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Internal snapshots of one instance disk. While a QEMU has the disk open they are taken through QMP
 * jobs (memory and disk); otherwise with qemu-img (disk only). Listing reads the qcow2 snapshot table
 * with {@code qemu-img info -U}, which works either way.
 */
public final class SnapshotService {
    /** How an operation was carried out: by the running QEMU, or by qemu-img on the stopped disk. */
    /** live: QEMU saved or loaded disk and memory; offline: qemu-img, the disk alone. Lower case on the wire. */
    public enum Mode {
        @JsonProperty("live") LIVE,
        @JsonProperty("offline") OFFLINE
    }

    /** @param memoryRestored whether the guest's memory came back too (live restore of a snapshot with memory) */
    public record RestoreOutcome(Mode mode, ImageSnapshot snapshot, boolean memoryRestored) {
    }

    public record CreateOutcome(Mode mode, ImageSnapshot snapshot) {
    }

    private final String instance;
    private final Path disk;
    private final QemuImg qemuImg;
    private final Supplier<Optional<QmpExecutor>> liveVm;
    private final Duration jobTimeout;
    private final Exclusive exclusive;

    /** Holds whatever keeps other operations off the instance while a snapshot changes it. */
    @FunctionalInterface
    public interface Exclusive {
        AutoCloseable hold(String operation);

        /** For the supervisor's own scheduled snapshots: a stop waits for them instead. */
        Exclusive NONE = operation -> () -> { };
    }

    /**
     * @param liveVm QMP of the QEMU that has {@code disk} open, or empty when none has it open and none
     *               will open it during an operation (the supervisor is not running). Asked per operation.
     */
    public SnapshotService(String instance, Path disk, QemuImg qemuImg, Supplier<Optional<QmpExecutor>> liveVm,
                           Duration jobTimeout) {
        this(instance, disk, qemuImg, liveVm, jobTimeout, Exclusive.NONE);
    }

    public SnapshotService(String instance, Path disk, QemuImg qemuImg, Supplier<Optional<QmpExecutor>> liveVm,
                           Duration jobTimeout, Exclusive exclusive) {
        this.instance = instance;
        this.disk = disk;
        this.qemuImg = qemuImg;
        this.liveVm = liveVm;
        this.jobTimeout = jobTimeout;
        this.exclusive = exclusive;
    }

    public SnapshotListing list() {
        return guarded("list snapshots", () -> SnapshotListing.of(qemuImg.info(disk)));
    }

    public CreateOutcome create(SnapshotName name) {
        try (var held = hold("snapshot create")) {
            return createHeld(name);
        }
    }

    private CreateOutcome createHeld(SnapshotName name) {
        list().requireAbsent(name, instance);
        Mode mode = perform("create snapshot '" + name + "'", live -> live.save(name), () -> qemuImg.snapshotCreate(disk, name.value()));
        ImageSnapshot made = list().find(name).orElseThrow(() -> new SnapshotException(ErrorKind.FAILURE,
                "snapshot '" + name + "' was reported created but is not in " + disk));
        return new CreateOutcome(mode, made);
    }

    /**
     * Reverts the instance to {@code name}. Running: disk and memory, the guest continues from the
     * snapshot (a disk-only snapshot is refused: loading it would leave memory and disk disagreeing).
     * Stopped: the disk only; the next boot is a cold boot from that disk.
     */
    public RestoreOutcome restore(SnapshotName name) {
        try (var held = hold("snapshot restore")) {
            return restoreHeld(name);
        }
    }

    private RestoreOutcome restoreHeld(SnapshotName name) {
        ImageSnapshot snap = list().require(name, instance);
        Optional<QmpExecutor> live = liveVm.get();
        if (live.isPresent() && snap.vmStateSize() == 0) {
            throw new SnapshotException(ErrorKind.CONFLICT, "snapshot '" + name + "' holds no memory"
                    + " state (it was taken while " + instance + " was stopped), so it cannot be loaded into the running VM:"
                    + " stop it with 'hurdvm down " + instance + "', then restore");
        }
        Mode mode = perform(live, "restore snapshot '" + name + "'", vm -> vm.load(name, instance),
                () -> qemuImg.snapshotApply(disk, name.value()));
        return new RestoreOutcome(mode, snap, mode == Mode.LIVE);
    }

    public Mode delete(SnapshotName name) {
        try (var held = hold("snapshot delete")) {
            list().require(name, instance);
            return perform("delete snapshot '" + name + "'", live -> live.delete(name), () -> qemuImg.snapshotDelete(disk, name.value()));
        }
    }

    /** The exclusive hold as a plain resource: closing a lock does not fail in a way worth reporting. */
    private Held hold(String operation) {
        AutoCloseable lock = exclusive.hold(operation);
        return () -> {
            try {
                lock.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release the instance lock: " + e.getMessage(), e);
            }
        };
    }

    private interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private Mode perform(String what, Consumer<LiveSnapshots> live, Runnable offline) {
        return perform(liveVm.get(), what, live, offline);
    }

    /** Through the running QEMU if there is one, else with qemu-img; failures say what was being done. */
    private Mode perform(Optional<QmpExecutor> qmp, String what, Consumer<LiveSnapshots> live, Runnable offline) {
        return guarded(what, () -> {
            if (qmp.isPresent()) {
                live.accept(new LiveSnapshots(qmp.get(), jobTimeout));
                return Mode.LIVE;
            }
            offline.run();
            return Mode.OFFLINE;
        });
    }

    /** Turns qemu-img and QMP failures into one {@link SnapshotException} that says what was being done. */
    private <T> T guarded(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (SnapshotException e) {
            throw e;
        } catch (CommandFailedException | QmpException e) {
            throw new SnapshotException(ErrorKind.FAILURE, "cannot " + what + " of " + instance + ": " + e.getMessage(), e);
        }
    }
}
