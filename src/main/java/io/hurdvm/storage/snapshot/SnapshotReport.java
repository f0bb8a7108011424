package io.hurdvm.storage.snapshot;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.qemu.ImageSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * The JSON document of an instance's snapshots, shared by {@code hurdvm snapshot list -o json} and
 * {@code GET /v1/instances/{name}/snapshots} so the two cannot drift apart. qcow2 keeps no per-snapshot
 * disk usage (snapshots share clusters), so the disk figure is the overlay file's total, snapshots and
 * saved memory included.
 */
public record SnapshotReport(String instance, boolean running, long diskBytes, long diskVirtualBytes, List<Row> snapshots) {
    public SnapshotReport {
        snapshots = List.copyOf(snapshots);
    }

    /** One snapshot. memoryBytes is 0 for a disk-only snapshot. */
    public record Row(String name, String id, Instant created, long vmClockMillis, long memoryBytes) {
        public static Row of(ImageSnapshot s) {
            return new Row(s.name(), s.id(), s.created(), s.vmClock().toMillis(), s.vmStateSize());
        }
    }

    /** Fails with NOT_FOUND, naming the snapshots there are, unless {@code name} is one of them. */
    public void require(SnapshotName name) {
        if (snapshots.stream().noneMatch(s -> s.name().equals(name.value()))) {
            String existing = snapshots.isEmpty() ? "none" : String.join(", ", snapshots.stream().map(Row::name).toList());
            throw new SnapshotException(ErrorKind.NOT_FOUND, "instance " + instance + " has no snapshot '" + name
                    + "' (existing: " + existing + ")");
        }
    }

    public static SnapshotReport of(String instance, boolean running, SnapshotListing listing) {
        return new SnapshotReport(instance, running, listing.diskActualBytes(), listing.diskVirtualBytes(),
                listing.snapshots().stream().map(Row::of).toList());
    }
}
