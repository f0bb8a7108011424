package io.hurdvm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.qemu.ImageSnapshot;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.qmp.QmpCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SnapshotService} against a real QEMU 7.2 (a diskful PC sitting in firmware, the instance's
 * block node layout and seccomp sandbox) and real qemu-img. Disk contents are written with QEMU's own
 * qemu-io (through HMP while it runs) and checked with the qemu-io tool once QEMU has quit.
 */
class SnapshotServiceIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    private DiskVm vm;
    private Path disk;
    private QmpClient qmp;

    @BeforeEach
    void createDisk() throws Exception {
        vm = DiskVm.create();
        disk = vm.disk();
    }

    @AfterEach
    void cleanUp() throws Exception {
        vm.close();
    }

    private void startQemu() {
        qmp = vm.start();
    }

    private void stopQemu() {
        vm.quit();
    }

    private SnapshotService live() {
        return new SnapshotService("vm", disk, new QemuImgCli(), () -> Optional.of(qmp), JOB_TIMEOUT);
    }

    private SnapshotService offline() {
        return new SnapshotService("vm", disk, new QemuImgCli(), Optional::empty, JOB_TIMEOUT);
    }

    @Test
    void live_createRestoreDelete_revertsTheDiskAndKeepsTheVmRunning() throws Exception {
        startQemu();
        SnapshotService snapshots = live();
        hmpQemuIo("write -P 0xaa 0 64k");

        SnapshotService.CreateOutcome made = snapshots.create(SnapshotName.of("s1"));
        assertThat(made.mode()).isEqualTo(SnapshotService.Mode.LIVE);
        assertThat(made.snapshot().vmStateSize()).as("memory saved with the disk").isPositive();
        assertThat(status().running()).isTrue();

        hmpQemuIo("write -P 0xbb 0 64k");
        SnapshotService.RestoreOutcome restored = snapshots.restore(SnapshotName.of("s1"));
        assertThat(restored.memoryRestored()).isTrue();
        assertThat(status().running()).as("the guest continues after the load").isTrue();

        assertThat(snapshots.delete(SnapshotName.of("s1"))).isEqualTo(SnapshotService.Mode.LIVE);
        assertThat(snapshots.list().snapshots()).isEmpty();
        assertThat(noJobsLeft()).as("every job dismissed").isTrue();
        stopQemu();
        qemuIo("read -P 0xaa 0 64k");
    }

    @Test
    void live_duplicateAndMissingNames_areRefusedBeforeQemuIsTouched() {
        startQemu();
        SnapshotService snapshots = live();
        snapshots.create(SnapshotName.of("s1"));

        assertThatThrownBy(() -> snapshots.create(SnapshotName.of("s1")))
                .isInstanceOfSatisfying(SnapshotException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("already has a snapshot 's1'");
        assertThatThrownBy(() -> snapshots.restore(SnapshotName.of("nope")))
                .isInstanceOfSatisfying(SnapshotException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("has no snapshot 'nope' (existing: s1)");
        assertThat(status().running()).isTrue();
    }

    @Test
    void live_diskOnlySnapshot_isNotLoadedIntoARunningVm() {
        offline().create(SnapshotName.of("cold"));
        startQemu();

        assertThatThrownBy(() -> live().restore(SnapshotName.of("cold")))
                .isInstanceOfSatisfying(SnapshotException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("holds no memory state").hasMessageContaining("hurdvm down vm");
        assertThat(status().running()).isTrue();
    }

    @Test
    void live_failedLoad_leavesTheVmPausedAndSaysSo() {
        startQemu();
        // Past the service's checks, straight to QEMU, which stops the VM before it finds nothing to load.
        assertThatThrownBy(() -> new LiveSnapshots(qmp, JOB_TIMEOUT).load(SnapshotName.of("ghost"), "vm"))
                .isInstanceOfSatisfying(SnapshotException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VM_FAILED))
                .hasMessageContaining("snapshot-load failed").hasMessageContaining("vm is left paused (restore-vm)");
        assertThat(status().running()).isFalse();
    }

    @Test
    void live_restore_underTheBackupsDirtyBitmap_works_andDropsTheBitmap() throws Exception {
        startQemu();
        SnapshotService snapshots = live();
        snapshots.create(SnapshotName.of("s1"));
        // What an online backup leaves on the disk: a persistent dirty bitmap counting later writes.
        qmp.execute("block-dirty-bitmap-add", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("node", "disk0").put("name", "hurdvm-backup").put("persistent", true));
        hmpQemuIo("write -P 0xbb 0 64k");

        assertThat(snapshots.restore(SnapshotName.of("s1")).memoryRestored()).isTrue();
        assertThat(qmp.execute("query-named-block-nodes").toString()).as("the revert invalidated it: the next backup is full")
                .doesNotContain("hurdvm-backup");
        stopQemu();
    }

    @Test
    void offline_restore_dropsDirtyBitmaps_thatDescribedTheRevertedContent() throws Exception {
        SnapshotService snapshots = offline();
        snapshots.create(SnapshotName.of("s1"));
        new ProcessBuilder("qemu-img", "bitmap", "--add", disk.toString(), "hurdvm-backup").inheritIO().start().waitFor();
        assertThat(new QemuImgCli().info(disk).bitmaps()).containsExactly("hurdvm-backup");

        snapshots.restore(SnapshotName.of("s1"));

        assertThat(new QemuImgCli().info(disk).bitmaps()).isEmpty();
    }

    @Test
    void offline_createRestoreDelete_withQemuImg() throws Exception {
        qemuIo("write -P 0xaa 0 64k");
        SnapshotService snapshots = offline();

        SnapshotService.CreateOutcome made = snapshots.create(SnapshotName.of("s1"));
        assertThat(made.mode()).isEqualTo(SnapshotService.Mode.OFFLINE);
        assertThat(made.snapshot().vmStateSize()).as("disk only").isZero();

        qemuIo("write -P 0xbb 0 64k");
        SnapshotService.RestoreOutcome restored = snapshots.restore(SnapshotName.of("s1"));
        assertThat(restored.mode()).isEqualTo(SnapshotService.Mode.OFFLINE);
        assertThat(restored.memoryRestored()).isFalse();
        qemuIo("read -P 0xaa 0 64k");

        snapshots.delete(SnapshotName.of("s1"));
        assertThat(snapshots.list().snapshots()).isEmpty();
    }

    @Test
    void offline_restoreOfALiveSnapshot_revertsTheDisk() throws Exception {
        startQemu();
        hmpQemuIo("write -P 0xaa 0 64k");
        live().create(SnapshotName.of("warm"));
        hmpQemuIo("write -P 0xbb 0 64k");
        stopQemu();
        qemuIo("read -P 0xbb 0 64k");

        SnapshotService.RestoreOutcome restored = offline().restore(SnapshotName.of("warm"));
        assertThat(restored.snapshot().vmStateSize()).isPositive();
        assertThat(restored.memoryRestored()).isFalse();
        qemuIo("read -P 0xaa 0 64k");
    }

    @Test
    void list_showsDateClockAndMemoryOfEachSnapshot_andTheDiskSize() {
        offline().create(SnapshotName.of("cold"));
        startQemu();
        live().create(SnapshotName.of("warm"));

        SnapshotListing listing = live().list();
        assertThat(listing.snapshots()).extracting(ImageSnapshot::name).containsExactly("cold", "warm");
        ImageSnapshot warm = listing.find(SnapshotName.of("warm")).orElseThrow();
        assertThat(warm.vmStateSize()).isPositive();
        assertThat(warm.vmClock()).isPositive();
        assertThat(warm.created()).isAfter(listing.snapshots().get(0).created().minusSeconds(1));
        assertThat(listing.diskActualBytes()).isGreaterThan(warm.vmStateSize());
        assertThat(listing.diskVirtualBytes()).isEqualTo(64L << 20);
    }

    private io.hurdvm.qmp.VmStatus status() {
        return new QmpCommands(qmp).queryStatus();
    }

    private boolean noJobsLeft() {
        return new QmpCommands(qmp).queryJobs().isEmpty();
    }

    /** Through the guest's disk device (-d hd0): a second writer on the node would be refused. */
    private void hmpQemuIo(String command) {
        // qemu-io prints its result on QEMU's stdout; HMP answers only errors.
        assertThat(new QmpCommands(qmp).humanMonitorCommand("qemu-io -d hd0 \"" + command + "\"")).as(command).isBlank();
    }

    private void qemuIo(String command) throws Exception {
        String out = vm.run("qemu-io", "-f", "qcow2", "-c", command, disk.toString());
        assertThat(out).as("qemu-io " + command).doesNotContain("Pattern verification failed");
    }
}
